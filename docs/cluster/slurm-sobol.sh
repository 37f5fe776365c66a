#!/bin/bash
# pilotnet's Sobol' analysis as a Slurm array job: each array task runs one shard of Saltelli's
# design, then one job, once every task has succeeded, computes the indices from all the shards.
#
#   sbatch docs/cluster/slurm-sobol.sh                     # N = 4096 on the default scenario
#   SAMPLES=1024 SCENARIO=national OUT=results/sobol-national sbatch --array=1-4 docs/cluster/slurm-sobol.sh
#   PILOTNET_HOME=/path/to/pilotnet sbatch ...             # from outside the repository
#
# The design: N (k + 2) points, k = 70 factors at the default (docs/sensitivity.md), so N = 4096 is
# 294,912 points, times REPLICATES runs. A Sobol' run costs several default runs (docs/sensitivity.md
# says why): about 80 runs per core-second were measured (bench/sobol.ts: 36,864 runs in 234 s on 2
# cores), so N = 4096 with one replicate is about one core-hour, and the 8 tasks of 8 cores below
# take a few minutes each; raise --array (any n) for more replicates or slower cores. Each task writes OUT/shard-<i>/ (sobol.json, sobol-runs.csv),
# a few MB; the analysis (1000 bootstrap resamples, about a minute) writes OUT/analysis/sobol.csv
# and sobol.svg, the same bytes as `pilotnet sensitivity --method sobol` run on one machine.
# --resume makes a requeued or restarted task continue where it stopped instead of starting over.
# Tested on a one-node Slurm by `npm run test:cluster` (test/cluster/slurm.sh), at N = 3.
#SBATCH --job-name=pilotnet-sobol
#SBATCH --array=1-8
#SBATCH --cpus-per-task=8
#SBATCH --mem=2G
#SBATCH --time=01:00:00
#SBATCH --requeue
#SBATCH --output=slurm-%x-%A_%a.out
set -euo pipefail

SCENARIO=${SCENARIO:-default}
SAMPLES=${SAMPLES:-4096}
REPLICATES=${REPLICATES:-1}
SEED=${SEED:-1}
OUT=${OUT:-results/sobol-${SCENARIO}-N${SAMPLES}}
# The array must run 1..n for this mapping (Slurm sets the count and the task id).
N=${SLURM_ARRAY_TASK_COUNT}
I=${SLURM_ARRAY_TASK_ID}

module load nodejs/20 2>/dev/null || true # site-specific; Node >= 20.19 is needed
HOME_DIR=${PILOTNET_HOME:-${SLURM_SUBMIT_DIR:-.}}
PILOTNET="node ${HOME_DIR}/bin/pilotnet.js"

if [ "$I" = "1" ]; then
  # The analysis once every shard has succeeded (afterok on the whole array).
  sbatch --dependency="afterok:${SLURM_ARRAY_JOB_ID}" --job-name=pilotnet-sobol-analyse \
    --cpus-per-task=1 --mem=4G --time=00:30:00 --output="slurm-pilotnet-sobol-analyse-%j.out" \
    --wrap "${PILOTNET} sensitivity --analyse ${OUT}/shard-* --out ${OUT}/analysis"
fi

${PILOTNET} sensitivity "$SCENARIO" --method sobol --samples "$SAMPLES" --replicates "$REPLICATES" \
  --seed "$SEED" --shard "${I}/${N}" --workers "${SLURM_CPUS_PER_TASK}" --out "${OUT}/shard-${I}" --resume
