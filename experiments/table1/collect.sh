#!/bin/bash
# experiments/table1/collect.sh OUT/fold{k}-{loss}[-lowlat]...: copy a finished job's small files (result.json, job.json,
# the training logs and the per-stage score files) from its run folder into experiments/table1/<job>/, where
# `hsnn table experiments/table1` reads them. Checkpoints, netlists and rates stay out.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
for job in "$@"; do
  name=$(basename "$job")
  [ -f "$job/result.json" ] || { echo "collect: $job has no result.json (the job has not finished)" >&2; exit 1; }
  dest="$here/$name"
  mkdir -p "$dest"
  cp "$job/result.json" "$job/job.json" "$dest/"
  for stage in ann qcfs finetune direct; do
    if [ -f "$job/$stage/train.jsonl" ]; then mkdir -p "$dest/$stage"; cp "$job/$stage/train.jsonl" "$dest/$stage/"; fi
  done
  if [ -d "$job/scores" ]; then mkdir -p "$dest/scores"; cp "$job"/scores/*.json "$dest/scores/"; fi
  echo "collected $name: $(du -sh "$dest" | cut -f1)"
done
