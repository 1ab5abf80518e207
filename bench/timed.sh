# Sourced by the benchmarks: `timed LABEL OUTPUT RUNS COMMAND…` runs COMMAND RUNS times,
# removing OUTPUT and settling the disk (sync) before each run, so no run pays for writing
# back the one before; it prints the median wall time, the speed against the session's
# length (read from the file named by $len_file) and the peak RSS, and writes the median
# to last.secs. Needs GNU time and python3.
timed() {
  local label=$1 out=$2 runs=$3; shift 3
  : > runs.txt
  for _ in $(seq "$runs"); do
    rm -f "$out"; sync
    /usr/bin/time -f "%e %M" -o time.txt "$@" > /dev/null 2> err.txt || { echo "$label failed:"; tail -5 err.txt; return 1; }
    cat time.txt >> runs.txt
  done
  python3 - "$label" "$(cat "$len_file")" runs.txt <<'PY'
import sys, statistics
label, length = sys.argv[1], float(sys.argv[2])
runs = [tuple(map(float, l.split())) for l in open(sys.argv[3]) if l.strip()]
secs = statistics.median(r[0] for r in runs)
kb = max(r[1] for r in runs)
spread = f"  ({min(r[0] for r in runs):.2f}–{max(r[0] for r in runs):.2f} s in {len(runs)} runs)" if len(runs) > 1 else ""
open("last.secs", "w").write(f"{secs}\n")
print(f"{label:<34} {secs:8.2f} s  {length / max(secs, 0.001):8.0f}× real time  {kb / 1024:7.1f} MB peak{spread}")
PY
}
