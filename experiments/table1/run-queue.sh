#!/bin/bash
# experiments/table1/run-queue.sh OUT [LANE]: one lane of Table 1 workers. It takes the first job of queue.txt
# that is not done (OUT/NAME/result.json), not held by another live lane and whose NEEDS job is done, runs it
# (a job's command resumes from its checkpoints and finished stages), copies its small files into
# experiments/table1/ with collect.sh, and goes on until nothing is left that it can take. One lane per core:
#   nohup nice -n 10 experiments/table1/run-queue.sh /work/t1 A > /work/t1/lane-A.log 2>&1 &
#   nohup nice -n 10 experiments/table1/run-queue.sh /work/t1 B > /work/t1/lane-B.log 2>&1 &
# A lane killed mid-job (the session ended) leaves a hold whose pid is dead; the next lane takes the job over.
# Each job's output goes to OUT/NAME.log. HSNN_DATA: dataset (default ../shared/data/msd-hippocampus beside
# the checkout); HSNN_COLLECT: the collect.sh to call (default this folder's, so run lanes from a worktree and
# point it at main's to collect there).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out=${1:?usage: run-queue.sh OUT [LANE]}
holds="$out/.holds"

trim() { local s=$1; s=${s#"${s%%[![:space:]]*}"}; echo "${s%"${s##*[![:space:]]}"}"; }

if [ "${2:-}" = "--take" ]; then # internal, under the lock: print NAME|ARGS of the next job and hold it for $3
  while IFS='|' read -r name needs args; do
    name=$(trim "$name"); needs=$(trim "${needs:-}")
    case "$name" in ''|\#*) continue ;; esac
    [ -f "$out/$name/result.json" ] && continue
    [ -f "$holds/$name" ] && kill -0 "$(cat "$holds/$name")" 2>/dev/null && continue
    [ "$needs" != "-" ] && [ ! -f "$out/$needs/result.json" ] && continue
    echo "$3" > "$holds/$name"
    echo "$name|$args"; exit 0
  done < "$here/queue.txt"
  exit 0
fi

lane=${2:-$$}
data=${HSNN_DATA:-$root/../shared/data/msd-hippocampus}
collect=${HSNN_COLLECT:-$here/collect.sh}
mkdir -p "$holds"
while true; do
  job=$(flock "$holds/.lock" "$0" "$out" --take $$)
  if [ -z "$job" ]; then echo "lane $lane: nothing left that it can take ($(date -u +%FT%TZ))"; break; fi
  name=${job%%|*}; args=${job#*|}
  echo "lane $lane: $name start $(date -u +%FT%TZ)"
  # shellcheck disable=SC2086 # ARGS is a word list by design
  (cd "$root" && node bin/hsnn.mjs experiment $args --data "$data" --out "$out") >> "$out/$name.log" 2>&1
  rc=$?
  rm -f "$holds/$name"
  if [ $rc -ne 0 ]; then echo "lane $lane: $name failed (exit $rc), see $out/$name.log; this lane stops"; exit 1; fi
  echo "lane $lane: $name done $(date -u +%FT%TZ)"
  "$collect" "$out/$name"
done
