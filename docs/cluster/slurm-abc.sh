#!/bin/bash
# pilotnet's ABC calibration (calibrate --method abc) on Slurm, one round at a time. The script has
# two parts, told apart by Slurm: submitted plainly it is the driver, which plans the calibration
# (the first time) or advances it by one round, then submits the round's shards as an array job
# and itself again once every shard has succeeded (afterok); as an array task it runs one shard.
# The loop ends when the posterior is written: OUT/posterior.csv, posterior.json, posterior.svg,
# the same bytes as `pilotnet calibrate --method abc` on one machine with the same options.
#
#   sbatch docs/cluster/slurm-abc.sh                               # 400 particles, rounds of 8 shards
#   TASKS=16 PARTICLES=1000 OUT=results/posterior sbatch docs/cluster/slurm-abc.sh
#   PILOTNET_HOME=/path/to/pilotnet sbatch ...                     # from outside the repository
#
# A round is one call of the sampler: the prior sample (PARTICLES particles), then each
# Metropolis-Hastings step of each generation (the replenished particles, 0.4 x PARTICLES, less
# those whose step the prior refuses), then the rejuvenation steps. A generation takes 1 to 10
# steps (docs/uncertainty.md), so a calibration runs some tens of rounds; each particle costs
# 2 x REPLICATES + NATIONAL runs, a few seconds of one core. Round sizes vary, so the array is
# sized for the largest (the prior sample) and some tasks of later rounds may have little to do.
# The driver itself computes next to nothing (a minute of one core at most).
#
# Each task writes OUT/batch-<round>/shard-<i>of<n>/; a requeued or restarted task continues where
# it stopped, and one that had finished does nothing. Everything stays on disk, so a stopped loop
# is continued by submitting the driver again: it advances the current round if its shards have
# run, or submits them if not. When a task has failed (the driver then never starts: scancel it),
# submit the round's array again (sbatch --array=1-TASKS docs/cluster/slurm-abc.sh, same TASKS;
# the shards that finished return at once), then the driver.
#SBATCH --job-name=pilotnet-abc
#SBATCH --cpus-per-task=1
#SBATCH --mem=2G
#SBATCH --time=00:30:00
#SBATCH --output=slurm-%x-%j.out
set -euo pipefail

PARTICLES=${PARTICLES:-400}
GENERATIONS=${GENERATIONS:-30}
REPLICATES=${REPLICATES:-40}
NATIONAL=${NATIONAL:-4}
SEED=${SEED:-1}
TASKS=${TASKS:-8}
CPUS=${CPUS:-8}
OUT=${OUT:-results/posterior-P${PARTICLES}}

module load nodejs/20 2>/dev/null || true # site-specific; Node >= 20.19 is needed
HOME_DIR=${PILOTNET_HOME:-${SLURM_SUBMIT_DIR:-.}}
PILOTNET="node ${HOME_DIR}/bin/pilotnet.js"
SELF="${HOME_DIR}/docs/cluster/slurm-abc.sh"
export PILOTNET_HOME="$HOME_DIR" PARTICLES GENERATIONS REPLICATES NATIONAL SEED TASKS CPUS OUT

if [ -n "${SLURM_ARRAY_TASK_ID:-}" ]; then
  # A shard of the current round; its options come from OUT/abc-state.json.
  exec ${PILOTNET} calibrate --method abc --out "$OUT" \
    --shard "${SLURM_ARRAY_TASK_ID}/${SLURM_ARRAY_TASK_COUNT}" --workers "${SLURM_CPUS_PER_TASK:-1}"
fi

# The driver.
if [ -f "$OUT/posterior.csv" ]; then
  echo "pilotnet-abc: $OUT/posterior.csv is there: the calibration has finished"
  exit 0
fi
if [ ! -f "$OUT/abc-state.json" ]; then
  ${PILOTNET} calibrate --method abc --plan --particles "$PARTICLES" --generations "$GENERATIONS" \
    --replicates "$REPLICATES" --national-replicates "$NATIONAL" --seed "$SEED" --out "$OUT"
else
  # The round the state waits for; advanced only when its shards have run (a restarted driver
  # whose round has not run yet just submits it).
  ROUND=$(grep -o '"round":[0-9]*' "$OUT/abc-state.json" | head -1 | cut -d: -f2)
  if compgen -G "$OUT/batch-${ROUND}/shard-*" >/dev/null; then
    ${PILOTNET} calibrate --method abc --out "$OUT" --advance
  fi
fi
if [ -f "$OUT/posterior.csv" ]; then
  echo "pilotnet-abc: finished; the posterior is in $OUT/"
  exit 0
fi

ARRAY=$(sbatch --parsable --array="1-${TASKS}" --job-name=pilotnet-abc-shard \
  --cpus-per-task="$CPUS" --mem=2G --time=02:00:00 --requeue \
  --output="slurm-pilotnet-abc-shard-%A_%a.out" "$SELF")
ARRAY=${ARRAY%%;*}
sbatch --parsable --dependency="afterok:${ARRAY}" --job-name=pilotnet-abc \
  --output="slurm-pilotnet-abc-%j.out" "$SELF" >/dev/null
echo "pilotnet-abc: round submitted as array job ${ARRAY}; the driver runs again when it has succeeded"
