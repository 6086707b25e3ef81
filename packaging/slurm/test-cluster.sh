#!/usr/bin/env bash
# Runs the Slurm scripts on a real single-node Slurm cluster that this script starts and stops
# itself (Debian's slurm-wlm and munge): a private munged with its own key and socket, and
# slurmctld + slurmd with a generated slurm.conf on non-default ports. Then:
#   1. submit.sh segments a synthetic study as an `sbatch --array` of SHARDS tasks with a
#      dependent merge job; the merged database must equal one unsharded run;
#   2. a second study: one array element is killed mid-run with `scancel`, so the dependent
#      merge can never start; the element is resubmitted alone (with a new merge), and the
#      merged result must still be complete, with no image segmented twice (the resubmitted
#      task resumes its shard database).
# Exit 0: passed. Exit 77: skipped (one line says why: not root, Slurm or munge missing, or a
# daemon that cannot start here). Anything else: failed.
# usage: test-cluster.sh CLI MODEL [IMAGES=48] [SHARDS=4]
set -euo pipefail
CLI="$(realpath "$1")"; MODEL="$(realpath "$2")"; IMAGES="${3:-48}"; SHARDS="${4:-4}"
HERE="$(cd "$(dirname "$0")" && pwd)"

skip() { echo "SKIP: $*"; exit 77; }
[ "$(id -u)" -eq 0 ] || skip "a private Slurm cluster needs root (SlurmUser=root, slurmd)"
for b in slurmctld slurmd munged sbatch squeue scancel scontrol mungekey; do
  command -v "$b" >/dev/null 2>&1 || [ -x "/usr/sbin/$b" ] ||
    skip "$b is not installed (Debian packages slurm-wlm and munge)"
done
export PATH="/usr/sbin:$PATH"

W="$(mktemp -d /tmp/cxr-slurm.XXXXXX)"
chmod 755 "$W"
NODE="$(hostname -s)"
# Ports from the PID so that concurrent runs (two CI jobs on one machine) do not collide.
BASE=$((20000 + ($$ % 20000)))
export SLURM_CONF="$W/slurm.conf"

cleanup() {
  local rc=$?
  for pidfile in "$W/slurmd.pid" "$W/slurmctld.pid" "$W/munged.pid"; do
    [ -f "$pidfile" ] && kill "$(cat "$pidfile")" 2>/dev/null || true
  done
  sleep 1
  for pidfile in "$W/slurmd.pid" "$W/slurmctld.pid" "$W/munged.pid"; do
    [ -f "$pidfile" ] && kill -9 "$(cat "$pidfile")" 2>/dev/null || true
  done
  if [ $rc -ne 0 ] && [ $rc -ne 77 ]; then
    echo "--- slurmctld.log (tail)"; tail -n 20 "$W/slurmctld.log" 2>/dev/null || true
    echo "--- slurmd.log (tail)"; tail -n 20 "$W/slurmd.log" 2>/dev/null || true
    for f in "$W"/study*/cxr-*.log; do [ -f "$f" ] && { echo "--- $f"; tail -n 5 "$f"; }; done
  fi
  rm -rf "$W"
  exit $rc
}
trap cleanup EXIT

# --- munge: own key, socket, pid, log and seed files
mkdir -p "$W/munge" "$W/state" "$W/spool"
chmod 700 "$W/munge"
mungekey --create --keyfile="$W/munge/munge.key" >/dev/null 2>&1 ||
  dd if=/dev/urandom of="$W/munge/munge.key" bs=1024 count=1 status=none
chmod 400 "$W/munge/munge.key"
munged --force --socket="$W/munge/munge.sock" --key-file="$W/munge/munge.key" \
  --pid-file="$W/munged.pid" --log-file="$W/munge/munged.log" --seed-file="$W/munge/seed" \
  >/dev/null 2>&1 || skip "munged cannot start here: $(tail -n 1 "$W/munge/munged.log" 2>/dev/null)"

mem_mb=$(awk '/MemTotal/ {print int($2 / 1024 * 0.8)}' /proc/meminfo)
cat > "$SLURM_CONF" <<EOF
ClusterName=cxrtest
SlurmctldHost=$NODE
SlurmctldPort=$BASE
SlurmdPort=$((BASE + 1))
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$W/munge/munge.sock
SlurmUser=root
SlurmdUser=root
StateSaveLocation=$W/state
SlurmdSpoolDir=$W/spool
SlurmctldPidFile=$W/slurmctld.pid
SlurmdPidFile=$W/slurmd.pid
SlurmctldLogFile=$W/slurmctld.log
SlurmdLogFile=$W/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
MpiDefault=none
JobCompType=jobcomp/none
AccountingStorageType=accounting_storage/none
PlugStackConfig=$W/plugstack.conf
MinJobAge=600
NodeName=$NODE CPUs=$(nproc) RealMemory=$mem_mb State=UNKNOWN
PartitionName=cxr Nodes=$NODE Default=YES MaxTime=INFINITE State=UP
EOF
: > "$W/plugstack.conf"

slurmctld -c -f "$SLURM_CONF" >/dev/null 2>&1 || skip "slurmctld cannot start here"
slurmd -f "$SLURM_CONF" -N "$NODE" >/dev/null 2>&1 || skip "slurmd cannot start here"
for _ in $(seq 60); do
  state=$(sinfo -h -N -o '%t' 2>/dev/null | head -n 1 || true)
  case "$state" in idle|mix|alloc) break ;; esac
  sleep 1
done
case "${state:-}" in idle|mix|alloc) ;; *) skip "the Slurm node did not come up (state '${state:-none}')" ;; esac
echo "cluster up: $(sinfo -h -o '%P %D %c CPUs %t') (slurm $(sinfo -V | awk '{print $2}'))"

# Polls until every listed job has left the queue; fails after $2 seconds.
wait_jobs() {
  local jobs="$1" limit="$2" t=0
  while [ -n "$(squeue -h -j "$jobs" -o '%i' 2>/dev/null)" ]; do
    sleep 1; t=$((t + 1))
    [ $t -lt "$limit" ] || { echo "FAIL: jobs $jobs still queued after ${limit}s"; squeue; exit 1; }
  done
}
job_state() { scontrol show job "$1" 2>/dev/null | grep -o 'JobState=[A-Z_]*' | head -n 1 | cut -d= -f2; }

# A study: synthetic images imported into a master database, plus an unsharded reference run.
make_study() {
  local dir="$1"
  mkdir -p "$dir"
  "$CLI" synth -n "$IMAGES" -o "$dir/images" --width 320 --height 288 >/dev/null 2>&1
  "$CLI" import-images --db "$dir/master.db" "$dir/images" --dataset synthetic -q
  cp "$dir/master.db" "$dir/whole.db"
  "$CLI" run-segment --db "$dir/whole.db" --model "$MODEL" --model-name demo --batch 1 -q
}
# Exports of the merged master and of the unsharded run must be identical (as sorted rows).
check_study() {
  local dir="$1" what="$2"
  "$CLI" export --db "$dir/whole.db" --reader demo -o "$dir/whole.csv" >/dev/null
  "$CLI" export --db "$dir/master.db" --reader demo -o "$dir/merged.csv" >/dev/null
  local rows=$(($(wc -l < "$dir/merged.csv") - 1))
  [ "$rows" -eq "$IMAGES" ] || { echo "FAIL ($what): merged export has $rows rows, expected $IMAGES"; exit 1; }
  cmp -s <(sort "$dir/whole.csv") <(sort "$dir/merged.csv") ||
    { echo "FAIL ($what): merged export differs from the unsharded run"; exit 1; }
}
# The CI node is small: one CPU and little memory per task, whatever the scripts ask for.
SB=(--cpus-per-task=1 --mem=1G)
export CXR_CLI="$CLI" CXR_BATCH=1 CXR_SEGMENT_ARGS="--model-name demo -q"
export CXR_MERGE_SBATCH_ARGS="--mem=1G"

# --- 1. the array and its dependent merge, as a curator submits them
S1="$W/study1"; make_study "$S1"
cd "$S1"
out=$("$HERE/submit.sh" "$S1/master.db" "$MODEL" "$SHARDS" "${SB[@]}")
array=$(echo "$out" | awk '/segment array job/ {print $4}'); merge=$(echo "$out" | tail -n 1)
echo "study 1: array job $array ($SHARDS tasks), merge job $merge"
t0=$(date +%s)
wait_jobs "$array,$merge" 600
t1=$(date +%s)
[ "$(job_state "$merge")" = "COMPLETED" ] || { echo "FAIL: merge job ended $(job_state "$merge")"; exit 1; }
check_study "$S1" "array + merge"
echo "study 1: PASS, $IMAGES images in $SHARDS array tasks + merge in $((t1 - t0)) s; merged == unsharded"
for f in "$S1"/cxr-segment-*.log; do echo "  $(basename "$f"): $(grep -m1 -o 'shard [0-9]*/[0-9]*' "$f") $(tail -n 1 "$f" | cut -c1-100)"; done

# --- 2. one array element killed mid-run, resubmitted alone, merged again
S2="$W/study2"; make_study "$S2"
cd "$S2"
out=$("$HERE/submit.sh" "$S2/master.db" "$MODEL" "$SHARDS" "${SB[@]}")
array=$(echo "$out" | awk '/segment array job/ {print $4}'); merge=$(echo "$out" | tail -n 1)
victim=1
shard_db="$S2/master.shard-$victim-of-$SHARDS.db"
# Kill the element once it has stored at least one result but not all of them.
killed_at=""
for _ in $(seq 600); do
  if [ -f "$shard_db" ]; then
    n=$(sqlite3 "$shard_db" "SELECT count(*) FROM segmentation_versions" 2>/dev/null || echo 0)
    if [ "${n:-0}" -ge 1 ]; then killed_at=$n; scancel "${array}_$victim"; break; fi
  fi
  [ -n "$(squeue -h -j "${array}_$victim" -o '%i' 2>/dev/null)" ] || break
  sleep 0.2
done
[ -n "$killed_at" ] || { echo "FAIL: could not catch array task $victim mid-run"; exit 1; }
wait_jobs "$array" 600
echo "study 2: scancel of array task ${array}_$victim once it had stored $killed_at result(s) ($(job_state "${array}_$victim"))"
sleep 2
st=$(job_state "$merge")
[ "$st" != "COMPLETED" ] || { echo "FAIL: the merge ran although a task was cancelled"; exit 1; }
scancel "$merge" 2>/dev/null || true
before=$(sqlite3 "$shard_db" "SELECT count(*) FROM segmentation_versions")
# Resubmit only the killed element, then a merge that depends on it.
re=$(sbatch --parsable --array="$victim" "${SB[@]}" \
  --export=ALL,CXR_DB="$S2/master.db",CXR_MODEL="$MODEL",CXR_SHARDS="$SHARDS",CXR_ARRAY_BASE=0 \
  "$HERE/segment-array.sbatch")
remerge=$(sbatch --parsable --dependency=afterok:"$re" $CXR_MERGE_SBATCH_ARGS \
  --export=ALL,CXR_DB="$S2/master.db",CXR_SHARDS="$SHARDS" "$HERE/merge.sbatch")
wait_jobs "$re,$remerge" 600
[ "$(job_state "$remerge")" = "COMPLETED" ] || { echo "FAIL: second merge ended $(job_state "$remerge")"; exit 1; }
check_study "$S2" "killed task resubmitted"
# Nothing done twice: every image of the shard has exactly one model version, and the
# resubmitted task added only what was missing.
dups=$(sqlite3 "$shard_db" "SELECT count(*) FROM (SELECT image_id FROM segmentation_versions GROUP BY image_id HAVING count(*) > 1)")
after=$(sqlite3 "$shard_db" "SELECT count(*) FROM segmentation_versions")
[ "$dups" -eq 0 ] || { echo "FAIL: $dups images of shard $victim were segmented twice"; exit 1; }
relog=$(ls "$S2"/cxr-segment-"${re}"_*.log | head -n 1)
echo "study 2: PASS, shard $victim held $before results after the cancel, resubmitted task added $((after - before)), none twice; merged == unsharded"
echo "  resubmitted task log: $(tail -n 1 "$relog" | cut -c1-160)"
echo "PASS: real Slurm cluster ($NODE, $(nproc) CPUs): array + dependent merge, scancel + resubmit"
