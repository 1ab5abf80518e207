#!/usr/bin/env bash
# Render speed and memory (issue #3). The same 30-minute mix (12 narration clips, 20 bells,
# an ambient bed) is made three ways in one run: `still render`, sox (pad each input, then
# mix) and ffmpeg (adelay + amix). Then peak memory for a 60-minute session.
# Needs: sox with Ogg support, ffmpeg, GNU time. Usage: bench/render.sh [--quick]
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

timed() { # label, then the command; prints seconds and peak RSS
  local label=$1; shift
  # Each tool starts with the disk settled, not paying for writing back the one before.
  sync
  /usr/bin/time -f "%e %M" -o time.txt "$@" > /dev/null 2> err.txt || { echo "$label failed:"; tail -5 err.txt; return 1; }
  read -r secs kb < time.txt
  printf '%-34s %8.2f s  %8.0f× real time  %7.1f MB peak\n' "$label" "$secs" "$(python3 -c "print($(cat "$len_file") / max($secs, 0.001))")" "$(python3 -c "print($kb / 1024)")"
}

len_file=s30.len
echo "30-minute session: $(cat s30.len) s, $(wc -l < s30.mix) sounds + a brown-noise bed"
timed "still render" $still render s30.yaml -o still.wav
timed "still render (again)" $still render s30.yaml -o still2.wav
cmp -s still.wav still2.wav && echo "  (the two renders are byte-identical)"

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
  timed "sox (pad + mix)" bash -c "$(declare -f pad_and_mix); sox_inputs=(${sox_inputs[*]}); pad_and_mix"

  # ffmpeg: adelay every input to its start, amix them with a brown-noise bed.
  args=(); filters=""; labels=""; i=0
  while read -r start file; do
    args+=(-i "$file"); ms=$(python3 -c "print(int($start * 1000))")
    filters+="[$i:a]aresample=48000,aformat=channel_layouts=stereo,adelay=${ms}|${ms}[a$i];"; labels+="[a$i]"; i=$((i + 1))
  done < s30.mix
  args+=(-f lavfi -t "$(cat s30.len)" -i "anoisesrc=color=brown:sample_rate=48000:amplitude=0.03")
  filters+="[$i:a]aformat=channel_layouts=stereo[a$i];"; labels+="[a$i]"; i=$((i + 1))
  filters+="${labels}amix=inputs=$i:normalize=0:duration=longest[out]"
  timed "ffmpeg (adelay + amix)" ffmpeg -nostdin -y -loglevel error "${args[@]}" -filter_complex "$filters" -map "[out]" -c:a pcm_s16le -ar 48000 ffmpeg.wav
fi

len_file=s60.len
echo
echo "60-minute session: $(cat s60.len) s, $(wc -l < s60.mix) sounds"
timed "still render (60 min)" $still render s60.yaml -o still60.wav
ls -l still60.wav | awk '{printf "  output: %.0f MB written, streamed in 32768-frame blocks\n", $5 / 1e6}'
