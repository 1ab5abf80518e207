#!/usr/bin/env bash
# Render speed and memory (issue #3). The same 30-minute mix (12 narration clips, 20 bells,
# an ambient bed) is made three ways in one run: `still render`, sox (pad each input, then
# mix) and ffmpeg (adelay + amix). Then peak memory for a 60-minute session.
# Needs: sox with Ogg support, ffmpeg, GNU time. Usage: [RUNS=N] bench/render.sh [--quick]
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
still=$PWD/target/release/still
bench_dir=$PWD/bench
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

"$bench_dir/session.sh" . 30
"$bench_dir/session.sh" . 60
# The bowl as a file, for sox and ffmpeg: rendered by still itself.
printf 'format: still/1\ntitle: bowl\nsteps:\n  - bell: bowl\n' > bowl.yaml
$still render bowl.yaml -o bowl.wav > /dev/null

# Each timed command runs RUNS times (3 unless set; sox, at a minute a run, once); the
# median is reported, with the fastest and slowest. Its output file is removed and the disk
# settled (sync) before every run, so no run pays for writing back the one before.
RUNS=${RUNS:-3}
source "$bench_dir/timed.sh"

len_file=s30.len
echo "30-minute session: $(cat s30.len) s, $(wc -l < s30.mix) sounds + a brown-noise bed"
timed "still render" still.wav "$RUNS" $still render s30.yaml -o still.wav
cp last.secs still.secs
cp still.wav still-last.wav
timed "still render (once more)" still.wav 1 $still render s30.yaml -o still.wav
cmp -s still.wav still-last.wav && echo "  (every render is byte-identical)"

if [ "${1:-}" != "--quick" ]; then
  # sox: pad each input to its start, then mix them all with a brown-noise bed.
  sox_inputs=()
  n=0
  while read -r start file; do
    n=$((n + 1))
    sox_inputs+=("p$n.wav")
  done < s30.mix
  pad_and_mix() {
    n=0
    while read -r start file; do
      n=$((n + 1))
      sox -q "$file" -r 48000 -c 2 -b 16 "p$n.wav" pad "$start"
    done < s30.mix
    sox -q -n -r 48000 -c 2 -b 16 bed.wav synth "$(cat s30.len)" brownnoise gain -30
    sox -q -m "${sox_inputs[@]}" bed.wav -b 16 sox.wav
  }
  export -f pad_and_mix; export sox_inputs
  timed "sox (pad + mix)" sox.wav 1 bash -c "$(declare -f pad_and_mix); sox_inputs=(${sox_inputs[*]}); pad_and_mix"

  # ffmpeg: adelay every input to its start, amix them with a brown-noise bed.
  args=(); filters=""; labels=""; i=0
  while read -r start file; do
    args+=(-i "$file"); ms=$(python3 -c "print(int($start * 1000))")
    filters+="[$i:a]aresample=48000,aformat=channel_layouts=stereo,adelay=${ms}|${ms}[a$i];"; labels+="[a$i]"; i=$((i + 1))
  done < s30.mix
  args+=(-f lavfi -t "$(cat s30.len)" -i "anoisesrc=color=brown:sample_rate=48000:amplitude=0.03")
  filters+="[$i:a]aformat=channel_layouts=stereo[a$i];"; labels+="[a$i]"; i=$((i + 1))
  filters+="${labels}amix=inputs=$i:normalize=0:duration=longest[out]"
  timed "ffmpeg (adelay + amix)" ffmpeg.wav "$RUNS" ffmpeg -nostdin -y -loglevel error "${args[@]}" -filter_complex "$filters" -map "[out]" -c:a pcm_s16le -ar 48000 ffmpeg.wav
  python3 -c "print(f'still is {$(cat last.secs) / $(cat still.secs):.1f}× faster than ffmpeg on the same mix (median against median)')"
fi

len_file=s60.len
echo
echo "60-minute session: $(cat s60.len) s, $(wc -l < s60.mix) sounds"
timed "still render (60 min)" still60.wav 1 $still render s60.yaml -o still60.wav
ls -l still60.wav | awk '{printf "  output: %.0f MB written, streamed in 32768-frame blocks\n", $5 / 1e6}'
