// Progress of a long sweep on stderr: a bar with rate and ETA on a terminal (cli-progress), plain
// lines every 10% otherwise (logs of cluster jobs stay short and readable).
import { SingleBar } from 'cli-progress';

export interface ProgressReporter {
  update(done: number): void;
  stop(): void;
}

export function progressReporter(
  label: string,
  total: number,
  initial: number,
  tty = process.stderr.isTTY,
): ProgressReporter {
  const start = Date.now();
  const rate = (done: number) => {
    const s = (Date.now() - start) / 1000;
    return s > 0 ? (done - initial) / s : 0;
  };
  if (tty) {
    const bar = new SingleBar({
      format: `${label} {bar} {percentage}% | {value}/{total} runs | {rate} runs/s | ETA {eta_formatted}`,
      stream: process.stderr,
      hideCursor: true,
      etaBuffer: 200,
      fps: 5,
    });
    bar.start(total, initial, { rate: '–' });
    return {
      update: (done) => bar.update(done, { rate: Math.round(rate(done)) }),
      stop: () => bar.stop(),
    };
  }
  let next = Math.min(total, initial + Math.max(1, Math.ceil(total / 10)));
  const line = (done: number) => {
    const r = rate(done);
    const eta = r > 0 ? Math.ceil((total - done) / r) : Number.NaN;
    const pct = total ? Math.floor((100 * done) / total) : 100;
    process.stderr.write(
      `${label}: ${done}/${total} runs (${pct}%), ${Math.round(r)} runs/s${Number.isFinite(eta) ? `, ETA ${eta} s` : ''}\n`,
    );
  };
  return {
    update(done) {
      if (done >= next) {
        line(done);
        next = Math.min(total, done + Math.max(1, Math.ceil(total / 10)));
        if (done >= total) next = Number.POSITIVE_INFINITY;
      }
    },
    stop() {},
  };
}
