#!/usr/bin/env bash
# The figures of SOUND.md: every built-in session rendered with its stems, each file measured
# by ffmpeg (integrated loudness, loudness range, true peak). Needs ffmpeg.
# Usage: bench/levels.sh [LANG…]   (default: en; e.g. `bench/levels.sh en es fr`)
# STILL=target/debug/still uses that binary instead of building a release one: a render is
# the same samples whatever the profile.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -n "${STILL:-}" ]; then
  still=$(realpath "$STILL")
else
  cargo build --release --quiet
  still=$PWD/target/release/still
fi
languages=("${@:-en}")
export STILL_HOME; STILL_HOME=$(mktemp -d)
work=$(mktemp -d)
trap 'rm -rf "$work" "$STILL_HOME"' EXIT
measure() { # file → "I LRA TP"
  ffmpeg -nostats -i "$1" -af ebur128=peak=true -f null - 2>&1 | sed -n '/Summary/,$p' |
    awk '/ I:/{i=$2} /LRA:/{if(!l)l=$2} /Peak:/{p=$2} END{printf "%s %s %s", i, l, p}'
}
printf "%-22s %-4s %6s %5s %6s | %6s %6s %6s %6s\n" session lang I LRA TP voice bells cues bed
for f in sessions/*.yaml; do
  id=$(basename "$f" .yaml)
  for lang in "${languages[@]}"; do
    "$still" render "$id" --language "$lang" -o "$work/mix.wav" --stems "$work/parts" > /dev/null 2>&1
    read -r i l p <<< "$(measure "$work/mix.wav")"
    stems=""
    for s in voice bells cues bed; do
      read -r si _ _ <<< "$(measure "$work/parts/$s.wav")"
      stems="$stems $(printf '%6s' "$si")"
    done
    printf "%-22s %-4s %6s %5s %6s |%s\n" "$id" "$lang" "$i" "$l" "$p" "$stems"
  done
done
