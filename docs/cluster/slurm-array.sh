#!/bin/bash
# pilotnet sweep as a Slurm array job: one array task per shard, then a merge job that waits for all.
#
#   sbatch docs/cluster/slurm-array.sh            # from the repository, after `npm ci`
#   PILOTNET_HOME=/path/to/pilotnet sbatch ...    # from elsewhere
#
# pilotnet runs as `node $PILOTNET_HOME/bin/pilotnet.js` (default: the folder sbatch was called
# from): no npx, so a compute node never tries to fetch anything. Tested on a one-node Slurm by
# `npm run test:cluster` (test/cluster/slurm.sh).
#   SWEEP=my-sweep.json OUT=results/my-sweep sbatch --array=1-16 docs/cluster/slurm-array.sh
#
# Task i runs shard i/n (n = the array size); each writes results/<sweep>/shard-<i>/. The merge job
# is submitted by task 1 with a dependency on the whole array. --resume makes a requeued or
# restarted task continue where it stopped instead of starting over.
#SBATCH --job-name=pilotnet-sweep
#SBATCH --array=1-8
#SBATCH --cpus-per-task=8
#SBATCH --mem=2G
#SBATCH --time=02:00:00
#SBATCH --requeue
#SBATCH --output=slurm-%x-%A_%a.out
set -euo pipefail

SWEEP=${SWEEP:-scenarios/sweeps/project-meetings-coach.json}
OUT=${OUT:-results/project-meetings-coach}
# The array must run 1..n for this mapping (Slurm sets the count and the task id).
N=${SLURM_ARRAY_TASK_COUNT}
I=${SLURM_ARRAY_TASK_ID}

module load nodejs/20 2>/dev/null || true # site-specific; Node >= 20.19 is needed
HOME_DIR=${PILOTNET_HOME:-${SLURM_SUBMIT_DIR:-.}}
PILOTNET="node ${HOME_DIR}/bin/pilotnet.js"

if [ "$I" = "1" ]; then
  # Merge once every shard has succeeded (afterok on the whole array).
  sbatch --dependency="afterok:${SLURM_ARRAY_JOB_ID}" --job-name=pilotnet-merge \
    --cpus-per-task=1 --mem=4G --time=00:30:00 --output="slurm-pilotnet-merge-%j.out" \
    --wrap "${PILOTNET} merge ${OUT}/shard-* --out ${OUT}/merged"
fi

${PILOTNET} sweep "$SWEEP" --shard "${I}/${N}" --workers "${SLURM_CPUS_PER_TASK}" \
  --out "${OUT}/shard-${I}" --resume
