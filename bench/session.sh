#!/usr/bin/env bash
# Writes a benchmark session into DIR: MINUTES long, with 12 narration-like clips (20-42 s,
# 24 kHz mono Ogg Vorbis, like the voiced library) spoken 12 times per 30 minutes, 20 bowl
# strikes per 30 minutes and a brown-noise bed. Also writes DIR/sNN.mix (start and file of
# each sound) and DIR/sNN.len (seconds), for building the same mix with other tools.
# Usage: bench/session.sh DIR MINUTES   (needs sox with Ogg Vorbis support)
set -euo pipefail
dir=$1 minutes=$2
mkdir -p "$dir"
for i in $(seq -w 1 12); do
  [ -f "$dir/clip$i.ogg" ] || sox -q -n -r 24000 -c 1 "$dir/clip$i.ogg" synth $((20 + 2 * 10#$i)) pinknoise tremolo 4 90 gain -12
done
python3 - "$dir" "$minutes" <<'PY'
import sys
d, minutes = sys.argv[1], int(sys.argv[2])
total = minutes * 60
bells, clips = 20 * minutes // 30, 12 * minutes // 30
events = []
for i in range(max(clips, bells)):
    if i < bells: events.append(("bell", 5.0, "bowl.wav"))
    if i < clips: n = i % 12 + 1; events.append(("clip", 20 + 2 * n, f"clip{n:02d}.ogg"))
gap = (total - sum(e[1] for e in events)) / len(events)
lines = ["format: still/1", f"title: {minutes}-minute benchmark", "ambient: { sound: brown-noise, volume: -24dB }", "steps:"]
mix, t = [], 0.0
for kind, length, f in events:
    lines += ["  - bell: bowl"] if kind == "bell" else [f"  - say: {f}", f"    clip: {f}"]
    mix.append(f"{t:.3f} {f}")
    t += length
    lines.append(f"  - pause: {int(gap * 1000)}ms")
    t += int(gap * 1000) / 1000
name = f"{d}/s{minutes}"
open(name + ".yaml", "w").write("\n".join(lines) + "\n")
open(name + ".mix", "w").write("\n".join(mix) + "\n")
open(name + ".len", "w").write(f"{t:.3f}\n")
PY
