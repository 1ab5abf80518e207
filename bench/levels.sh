#!/usr/bin/env bash
# The figures of SOUND.md: every built-in session rendered with its stems, each file measured
# by ffmpeg (integrated loudness, loudness range, true peak). Needs ffmpeg.
# Usage: bench/levels.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
still=$PWD/target/release/still
export STILL_HOME; STILL_HOME=$(mktemp -d)
work=$(mktemp -d)
trap 'rm -rf "$work" "$STILL_HOME"' EXIT
measure() { # file → "I LRA TP"
  ffmpeg -nostats -i "$1" -af ebur128=peak=true -f null - 2>&1 | sed -n '/Summary/,$p' |
    awk '/ I:/{i=$2} /LRA:/{if(!l)l=$2} /Peak:/{p=$2} END{printf "%s %s %s", i, l, p}'
}
printf "%-22s %6s %5s %6s | %6s %6s %6s %6s\n" session I LRA TP voice bells cues bed
for f in sessions/*.yaml; do
  id=$(basename "$f" .yaml)
  "$still" render "$id" -o "$work/mix.wav" --stems "$work/parts" > /dev/null 2>&1
  read -r i l p <<< "$(measure "$work/mix.wav")"
  stems=""
  for s in voice bells cues bed; do
    read -r si _ _ <<< "$(measure "$work/parts/$s.wav")"
    stems="$stems $(printf '%6s' "$si")"
  done
  printf "%-22s %6s %5s %6s |%s\n" "$id" "$i" "$l" "$p" "$stems"
done
