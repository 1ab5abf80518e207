#!/usr/bin/env bash
# `still nudge` at a shell prompt (issue #18): how long it adds to each prompt, against
# `true` (a process that does nothing) in the same run. A journal of a year of sits.
#   - "already spoke": what almost every prompt pays (the config and one small file read);
#   - "--again": the first prompt of a day (the journal opened read-only and its figures).
# Needs: hyperfine. Usage: bench/nudge.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
still=$PWD/target/release/still
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export STILL_HOME=$work
for d in $(seq 1 365); do
  $still log add --date "$(date -d "$d days ago" +%F)" --duration 12m --session body-scan > /dev/null
done
$still nudge > /dev/null # spoke today: later runs take the silent path
hyperfine -N --warmup 20 --runs 300 --export-markdown "$work/nudge.md" \
  -n "true" "true" \
  -n "still nudge (already spoke)" "$still nudge" \
  -n "still nudge --again (reads the journal)" "$still nudge --again" > /dev/null
cat "$work/nudge.md"
