#!/usr/bin/env bash
# `still nudge` at a shell prompt and `still status` in a tmux status line (issue #18): how
# long each adds, against `true` (a process that does nothing) in the same run. A journal of
# a year of sits.
#   - "already spoke": what almost every prompt pays (the config and one small file read);
#   - "--again": the first prompt of a day (the journal opened read-only and its figures);
#   - status with no sit playing (today's figures from the journal), and while a real sit
#     plays (`still play --output null` in the background: the file it publishes).
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
  -n "still nudge --again (reads the journal)" "$still nudge --again" \
  -n "still status (no sit playing)" "$still status" > /dev/null
cat "$work/nudge.md"
# A sit playing in real time, quietly, while its status is read.
export XDG_RUNTIME_DIR=$work/run
mkdir -p "$XDG_RUNTIME_DIR"
$still play body-scan --output null < /dev/null > /dev/null 2>&1 &
sit=$!
trap 'kill $sit 2>/dev/null; rm -rf "$work"' EXIT
until $still status | grep -q '▶'; do sleep 0.2; done
hyperfine -N --warmup 20 --runs 300 --export-markdown "$work/status.md" \
  -n "true" "true" \
  -n "still status (a sit playing)" "$still status" > /dev/null
tail -n +3 "$work/status.md"
