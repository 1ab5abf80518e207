#!/usr/bin/env bash
# CPU and memory while playing (issue #4). A 30-minute session plays through the real
# path (ALSA into a headless PulseAudio null sink) for MINUTES minutes each:
#   - still play, its screen drawn inside tmux (the tmux server's CPU is counted too, since a
#     busy screen costs the terminal that draws it);
#   - mpv and aplay playing the same session rendered to a WAV file.
# Reported: CPU seconds (user + system) per minute of playback, and peak RSS.
# Needs: pulseaudio, pulseaudio-utils, libasound2-plugins, tmux, mpv, alsa-utils (aplay), sox.
# Usage: MINUTES=3 bench/play.sh
set -euo pipefail
cd "$(dirname "$0")/.."
minutes=${MINUTES:-3}
cargo build --release --quiet
still=$PWD/target/release/still
work=$(mktemp -d)
export XDG_RUNTIME_DIR=$work/runtime HOME=$work/runtime STILL_HOME=$work/home
mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
cleanup() { tmux -L still-bench kill-server 2>/dev/null || true; pulseaudio --kill 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
pulseaudio --daemonize=yes --exit-idle-time=-1 -n \
  --load="module-null-sink sink_name=capture rate=48000 channels=2" --load=module-native-protocol-unix 2>/dev/null
until pactl info > /dev/null 2>&1; do sleep 0.1; done

bench/session.sh "$work" 30
cd "$work"
$still render s30.yaml -o s30.wav > /dev/null

ticks=$(getconf CLK_TCK)
cpu() { awk -v t="$ticks" '{ printf "%.2f", ($14 + $15) / t }' "/proc/$1/stat"; }
peak() { awk '/VmHWM/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status"; }
report() { # label cpu_seconds peak_mb
  printf '%-28s %6.2f CPU-s per minute   %6s MB peak RSS\n' "$1" "$(python3 -c "print($2 / $minutes)")" "$3"
}

# still, its screen in an 80x24 tmux.
tmux -L still-bench new-session -d -s p -x 80 -y 24 \
  "XDG_RUNTIME_DIR=$XDG_RUNTIME_DIR HOME=$HOME STILL_HOME=$STILL_HOME $still play s30.yaml; sleep 600"
server=$(tmux -L still-bench display-message -p '#{pid}')
shell=$(tmux -L still-bench display-message -p -t p '#{pane_pid}')
# Getting ready: the CPU spent by the time the sound card has taken the session's first
# frame. The device is opened first (a missing sound card is said before anything else), so
# its stream reaches PulseAudio early, playing silence; the player starts its loader thread
# (which checks the later clips beside the first seconds of sound) right after the output
# has taken the first frame, so that thread's appearing marks the moment.
until pid=$(pgrep -P "$shell" -x still); do sleep 0.01; done
until grep -qx still-loader /proc/"$pid"/task/*/comm 2>/dev/null; do sleep 0.005; done
ready=$(cpu "$pid")
sleep 10
# Playing, not getting ready: the clock starts once the session is under way.
still_before=$(cpu "$pid"); server_before=$(cpu "$server")
sleep $((minutes * 60))
still_cpu=$(python3 -c "print($(cpu "$pid") - $still_before)"); still_peak=$(peak "$pid")
server_cpu=$(python3 -c "print($(cpu "$server") - $server_before)")
tmux -L still-bench send-keys -t p q
sleep 2
tmux -L still-bench kill-server

echo "Playing a 30-minute session for $minutes minutes through ALSA → PulseAudio:"
printf '%-28s %6.2f CPU-s before the first sample, %.2f by 10 s\n' "still play, getting ready" "$ready" "$still_before"
report "still play" "$still_cpu" "$still_peak"
report "  its tmux (drawing the UI)" "$server_cpu" "-"

for player in "mpv --no-video --really-quiet --ao=alsa s30.wav" "aplay -q s30.wav"; do
  $player > /dev/null 2>&1 &
  pid=$!
  sleep 10
  before=$(cpu "$pid")
  sleep $((minutes * 60))
  c=$(python3 -c "print($(cpu "$pid") - $before)"); p=$(peak "$pid")
  kill "$pid"; wait "$pid" 2>/dev/null || true
  report "${player%% *} (the rendered WAV)" "$c" "$p"
done
