// Worker of the speed section on this checkout's engine (a piscina worker of the sweep's pool).
import { workerData } from 'piscina';
import * as sim from '../sim/index.ts';
import { makeRunBatch, type SpeedWorkerData } from './speed-batch.ts';

export default makeRunBatch(sim, workerData as SpeedWorkerData);
