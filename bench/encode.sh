#!/usr/bin/env bash
# Encoded renders (issue #17). A 30-minute session (bench/session.sh) rendered by `still`
# straight to Opus and to MP3, against `still render -o x.wav` followed by ffmpeg's libopus
# and libmp3lame at the same settings (Opus 64 kb/s VBR, complexity 10; MP3 VBR V5), in the
# same run; then the peak memory of a 60-minute session to each format, and the size of
# each format for a 10-minute session.
# Needs: sox with Ogg support, ffmpeg with libopus and libmp3lame, GNU time.
# Usage: [RUNS=N] bench/encode.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
still=$PWD/target/release/still
bench_dir=$PWD/bench
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
for m in 10 30 60; do "$bench_dir/session.sh" . $m; done

RUNS=${RUNS:-3}
source "$bench_dir/timed.sh"

len_file=s30.len
echo "30-minute session: $(cat s30.len) s"
$still render s30.yaml -o s30.wav > /dev/null
timed "still render -o x.wav" x.wav "$RUNS" $still render s30.yaml -o x.wav
timed "still render -o x.opus" x.opus "$RUNS" $still render s30.yaml -o x.opus
timed "ffmpeg libopus 64k (from the WAV)" f.opus "$RUNS" \
  ffmpeg -nostdin -v error -y -i s30.wav -c:a libopus -b:a 64k -vbr on -compression_level 10 f.opus
timed "still render -o x.mp3" x.mp3 "$RUNS" $still render s30.yaml -o x.mp3
timed "ffmpeg libmp3lame V5 (from the WAV)" f.mp3 "$RUNS" \
  ffmpeg -nostdin -v error -y -i s30.wav -c:a libmp3lame -q:a 5 f.mp3
timed "still render -o x.flac" x.flac "$RUNS" $still render s30.yaml -o x.flac
timed "still render -o x.ogg" x.ogg "$RUNS" $still render s30.yaml -o x.ogg
echo "sizes, 30 minutes: still $(stat -c %s x.opus) B Opus, ffmpeg $(stat -c %s f.opus) B; still $(stat -c %s x.mp3) B MP3, ffmpeg $(stat -c %s f.mp3) B"

echo
len_file=s60.len
echo "60-minute session, peak memory:"
for ext in opus mp3 flac ogg; do
  timed "still render -o x.$ext (60 min)" x.$ext 1 $still render s60.yaml -o x.$ext
done

echo
echo "10-minute session, file sizes:"
for ext in wav opus ogg mp3 flac; do
  $still render s10.yaml -o s10.$ext > /dev/null
  printf '  %-5s %8.2f MB\n' "$ext" "$(python3 -c "print($(stat -c %s s10.$ext) / 1e6)")"
done
