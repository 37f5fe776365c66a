#!/usr/bin/env bash
# npm run test:cluster: the Slurm recipes (docs/cluster/slurm-array.sh, slurm-sobol.sh, slurm-abc.sh) on a real
# one-node Slurm. Installs Debian's slurm-wlm and munge when missing, starts munged, slurmctld and
# slurmd as root with everything (key, config, state, logs) in a temporary folder, submits each
# recipe as a 3-task array (a small sweep; a Sobol' analysis at N = 3), waits (bounded) for the
# merge or analysis job it submits, and checks that the merged runs.csv and the Sobol' indices
# (sobol.csv, sobol.svg) equal a local run's, byte for byte; then runs the ABC driver (rounds of a
# 3-task array, until the posterior) and checks its posterior against a local calibration's. Stops the daemons it started, always.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
LIMIT=${PILOTNET_CLUSTER_TIMEOUT:-900} # seconds for the whole job (install excluded)

if [ "$(id -u)" != 0 ]; then
  echo "test:cluster: needs root (it starts slurmctld, slurmd and munged)"; exit 1
fi
if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null || ! command -v munged >/dev/null; then
  echo "test:cluster: installing Debian's slurm-wlm and munge..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slurm-wlm munge >/dev/null
fi

TMP=$(mktemp -d /tmp/pilotnet-slurm.XXXXXX)
chmod 700 "$TMP"
PIDS=()
# same_bytes WHAT CLUSTER_DIR LOCAL_DIR FILES...: each file from the cluster equals the local run's.
same_bytes() {
  local what=$1 cluster=$2 local_dir=$3 f
  shift 3
  for f in "$@"; do
    if ! cmp -s "$cluster/$f" "$local_dir/$f"; then
      echo "test:cluster: $what $f differs from the local run's"
      diff <(head -5 "$cluster/$f") <(head -5 "$local_dir/$f") || true
      exit 1
    fi
  done
}

cleanup() {
  status=$?
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
  if [ "$status" != 0 ]; then
    echo "test:cluster: FAILED; daemon and job logs:"
    for f in "$TMP"/*.log "$TMP"/work/*.out; do [ -f "$f" ] && { echo "== $f"; tail -20 "$f"; }; done
  fi
  rm -rf "$TMP"
  exit "$status"
}
trap cleanup EXIT INT TERM

# 1. munge: a fresh key and a private socket.
mkdir -p "$TMP/munge"
chmod 700 "$TMP/munge"
head -c 1024 /dev/urandom >"$TMP/munge/munge.key"
chmod 400 "$TMP/munge/munge.key"
SOCKET="$TMP/munge/munge.socket"
munged --foreground --force --key-file="$TMP/munge/munge.key" --socket="$SOCKET" \
  --pid-file="$TMP/munge/munged.pid" --log-file="$TMP/munged.log" --seed-file="$TMP/munge/seed" \
  >>"$TMP/munged.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 100); do [ -S "$SOCKET" ] && break; sleep 0.1; done
[ -S "$SOCKET" ] || { echo "test:cluster: munged did not start"; exit 1; }

# 2. A one-node cluster on loopback, ports away from a real Slurm's.
NODE=$(hostname -s)
CPUS=$(nproc)
mkdir -p "$TMP/state" "$TMP/spool" "$TMP/work"
export SLURM_CONF="$TMP/slurm.conf"
cat >"$SLURM_CONF" <<CONF
ClusterName=pilotnet-test
SlurmctldHost=$NODE(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$SOCKET
CredType=cred/munge
StateSaveLocation=$TMP/state
SlurmdSpoolDir=$TMP/spool
SlurmctldPidFile=$TMP/slurmctld.pid
SlurmdPidFile=$TMP/slurmd.pid
SlurmctldLogFile=$TMP/slurmctld.log
SlurmdLogFile=$TMP/slurmd.log
SlurmctldPort=16817
SlurmdPort=16818
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
ReturnToService=2
MinJobAge=600
NodeName=$NODE NodeAddr=127.0.0.1 CPUs=$CPUS RealMemory=8000 State=UNKNOWN
PartitionName=test Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
slurmctld -D -i -f "$SLURM_CONF" >>"$TMP/slurmctld.log" 2>&1 &
PIDS+=($!)
slurmd -D -f "$SLURM_CONF" >>"$TMP/slurmd.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 120); do
  sinfo -h -o '%T' 2>/dev/null | grep -q idle && break
  sleep 0.5
done
sinfo -h -o '%T' | grep -q idle || { echo "test:cluster: the node did not come up"; sinfo || true; exit 1; }
echo "test:cluster: Slurm $(sinfo -V) up on $NODE with $CPUS CPUs"

# 3. The recipe as a 3-task array on a small sweep (the job files go to the work folder).
cd "$TMP/work"
cat >sweep.json <<'JSON'
{ "id": "cluster-test", "scenario": "default",
  "vary": [{ "path": "ties.alpha", "values": [0.06, 0.1] }], "replicates": 6, "seed": 4 }
JSON
export SWEEP="$TMP/work/sweep.json" OUT="$TMP/work/out" PILOTNET_HOME="$ROOT"
sbatch --parsable --array=1-3 --cpus-per-task=1 --mem=500M "$ROOT/docs/cluster/slurm-array.sh" >array.id
echo "test:cluster: submitted array job $(cat array.id)"

# 4. Wait, bounded, for the merge job the first task submits to finish.
start=$(date +%s)
while :; do
  if [ -f "$OUT/merged/runs.csv" ] && ! squeue -h -n pilotnet-merge | grep -q .; then break; fi
  if [ $(($(date +%s) - start)) -gt "$LIMIT" ]; then
    echo "test:cluster: no merged result after $LIMIT s"; squeue || true; exit 1
  fi
  sleep 2
done
echo "test:cluster: merged after $(($(date +%s) - start)) s"

# 5. The same sweep locally, in canonical order: the bytes must be the same.
node "$ROOT/bin/pilotnet.js" sweep sweep.json --workers 1 --out local >/dev/null 2>&1
node "$ROOT/bin/pilotnet.js" merge local --out local-merged >/dev/null 2>&1
if cmp -s "$OUT/merged/runs.csv" local-merged/runs.csv; then
  echo "test:cluster: merged runs.csv ($(($(wc -l <local-merged/runs.csv) - 1)) runs) equals the local sweep byte for byte"
else
  echo "test:cluster: the merged runs.csv differs from the local sweep"
  diff <(head -5 "$OUT/merged/runs.csv") <(head -5 local-merged/runs.csv) || true
  exit 1
fi

# 6. The Sobol' recipe as a 3-task array at N = 3 (216 runs), then its analysis job.
SOBOL_OUT="$TMP/work/sobol"
export SAMPLES=3 SEED=2 OUT="$SOBOL_OUT"
sbatch --parsable --array=1-3 --cpus-per-task=1 --mem=500M "$ROOT/docs/cluster/slurm-sobol.sh" >sobol.id
echo "test:cluster: submitted Sobol array job $(cat sobol.id)"
start=$(date +%s)
while :; do
  if [ -f "$SOBOL_OUT/analysis/sobol.csv" ] && ! squeue -h -n pilotnet-sobol-analyse | grep -q .; then break; fi
  if [ $(($(date +%s) - start)) -gt "$LIMIT" ]; then
    echo "test:cluster: no Sobol analysis after $LIMIT s"; squeue || true; exit 1
  fi
  sleep 2
done
echo "test:cluster: Sobol analysed after $(($(date +%s) - start)) s"

# 7. The same analysis on this machine in one process: the indices must be the same bytes.
node "$ROOT/bin/pilotnet.js" sensitivity default --method sobol --samples 3 --seed 2 --workers 1 \
  --out sobol-local >/dev/null 2>&1
same_bytes "the sharded Sobol" "$SOBOL_OUT/analysis" sobol-local sobol.csv sobol.svg
echo "test:cluster: Sobol indices from 3 array tasks ($(($(wc -l <sobol-local/sobol.csv) - 1)) rows) equal the local run byte for byte"

# 8. The ABC recipe: its driver plans, then each round runs as a 3-task array followed by the driver
# again, until the posterior is written (4 particles, 2 generations: a few rounds).
ABC_OUT="$TMP/work/abc"
export OUT="$ABC_OUT" PARTICLES=4 GENERATIONS=2 REPLICATES=2 NATIONAL=1 SEED=5 TASKS=3 CPUS=1
sbatch --parsable "$ROOT/docs/cluster/slurm-abc.sh" >abc.id
echo "test:cluster: submitted the ABC driver $(cat abc.id)"
start=$(date +%s)
while :; do
  if [ -f "$ABC_OUT/posterior.csv" ] && ! squeue -h -n pilotnet-abc,pilotnet-abc-shard | grep -q .; then break; fi
  if [ $(($(date +%s) - start)) -gt "$LIMIT" ]; then
    echo "test:cluster: no ABC posterior after $LIMIT s"; squeue || true; exit 1
  fi
  sleep 2
done
ROUNDS=$(ls -d "$ABC_OUT"/batch-* | wc -l)
echo "test:cluster: ABC finished after $(($(date +%s) - start)) s in $ROUNDS rounds"

# 9. The same calibration in one process: the posterior must be the same bytes.
node "$ROOT/bin/pilotnet.js" calibrate --method abc --particles 4 --generations 2 --replicates 2 \
  --national-replicates 1 --seed 5 --workers 1 --out abc-local >/dev/null 2>&1
same_bytes "the ABC from rounds of array tasks" "$ABC_OUT" abc-local posterior.csv posterior.json posterior.svg
echo "test:cluster: the ABC posterior from $ROUNDS rounds of 3 array tasks equals the local run byte for byte"
echo "3 passed, 0 failed"
