#!/usr/bin/env bash
# Benchmarks for reading scripts (issue #2): `still check` on a 1 000-step script, and how
# fast and in how little memory a 9-level alias bomb and a 1 MiB file of noise are refused.
# Reference in the same run: PyYAML's safe_load of the same files (parsing only, no checks).
# Needs: hyperfine, python3 with PyYAML, GNU time (/usr/bin/time).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
still=target/release/still
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 - "$work" <<'PY'
import random, sys, os
work = sys.argv[1]
random.seed(7)
lines = ["format: still/1", "title: A thousand steps", "params:", "  rounds: { default: 2, min: 1, max: 9 }", "steps:"]
kinds = 0
while kinds < 1000:
    k = kinds % 5
    if k == 0: lines.append(f"  - say: Step {kinds}, notice the breath, the body, the sounds around you.")
    elif k == 1: lines += [f"  - pause: {random.randint(5, 90)}s", "    bells_every: 20s"]
    elif k == 2: lines.append("  - breathe: { pattern: box, rounds: \"${rounds}\" }")
    elif k == 3: lines.append("  - bell: { sound: rin, strikes: 2, every: 3s, volume: -6dB }")
    else: lines += ["  - repeat: 2", "    steps:", "      - say: Again.", "      - pause: 2s"]
    kinds += 1
open(os.path.join(work, "steps1000.yaml"), "w").write("\n".join(lines) + "\n")

bomb = ["format: still/1", "title: Billion laughs", "steps:", "  - &a [" + ", ".join(["{pause: 1s}"] * 9) + "]"]
prev = "a"
for name in "bcdefghi":
    bomb.append(f"  - &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    prev = name
open(os.path.join(work, "bomb.yaml"), "w").write("\n".join(bomb) + "\n")

rnd = random.Random(11)
alphabet = " -:{}[]&*!|>'\"%@`#,?abc\n\t"
open(os.path.join(work, "noise.yaml"), "w").write("".join(rnd.choice(alphabet) for _ in range(1024 * 1024 - 1)))
PY

echo "== still check, 1 000-step script ($(wc -c < "$work/steps1000.yaml") bytes)"
$still check "$work/steps1000.yaml"
hyperfine --warmup 3 --runs 30 -N --export-markdown "$work/check.md" \
  -n "still check (1000 steps)" "$still check $work/steps1000.yaml" \
  -n "PyYAML safe_load (reference, parse only)" "python3 -c 'import yaml,sys; yaml.safe_load(open(sys.argv[1]))' $work/steps1000.yaml"
cat "$work/check.md"

for f in bomb noise; do
  echo "== still check $f.yaml: refused, time and peak memory"
  /usr/bin/time -f "%e s elapsed, %M KB peak RSS, exit %x" $still check "$work/$f.yaml" > /dev/null 2> "$work/$f.err" || true
  head -1 "$work/$f.err"; tail -1 "$work/$f.err"
  echo "   PyYAML on the same file:"
  /usr/bin/time -f "%e s elapsed, %M KB peak RSS, exit %x" timeout 60 python3 -c 'import yaml,sys; yaml.safe_load(open(sys.argv[1]))' "$work/$f.yaml" > /dev/null 2> "$work/py.err" || true
  tail -1 "$work/py.err"
done
