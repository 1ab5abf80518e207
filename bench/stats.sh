#!/usr/bin/env bash
# `still stats` on a journal of 100 000 entries (issue #5 asks for under 100 ms), timed
# beside sqlite3 running the same aggregates (totals, days that count, longest streak) on
# the same file, so the figure can be read against what SQLite alone costs on this machine.
#
#   bench/stats.sh            # N=100000 entries
#   N=1000000 bench/stats.sh  # a bigger journal
#
# Uses hyperfine when installed (apt-get install hyperfine), else a loop timed with date.
set -euo pipefail
cd "$(dirname "$0")/.."

N=${N:-100000}
RUNS=${RUNS:-30}

cargo build --release --quiet
bin=$PWD/target/release/still
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export STILL_HOME=$work/home TZ=Europe/Berlin NO_COLOR=1

# Five sits a day from 1 January 1960, one day off in every sixteen; every third sit has
# moods. Dates come from Howard Hinnant's days-to-civil arithmetic, so any awk will do.
awk -v n="$N" 'BEGIN {
  print "id,date,started_at,zone,utc_offset,session,title,planned_ms,practiced_ms,completed,mood_before,mood_after,note,source"
  epoch_1960 = -3653
  for (i = 0; i < n; i++) {
    d = int(i / 5); d = d + int(d / 15)
    z = epoch_1960 + d + 719468
    era = int((z >= 0 ? z : z - 146096) / 146097)
    doe = z - era * 146097
    yoe = int((doe - int(doe / 1460) + int(doe / 36524) - int(doe / 146096)) / 365)
    y = yoe + era * 400
    doy = doe - (365 * yoe + int(yoe / 4) - int(yoe / 100))
    mp = int((5 * doy + 2) / 153)
    dd = doy - int((153 * mp + 2) / 5) + 1
    mm = mp < 10 ? mp + 3 : mp - 9
    if (mm <= 2) y++
    date = sprintf("%04d-%02d-%02d", y, mm, dd)
    hour = 6 + (i % 5) * 3
    ms = (5 + (i * 7) % 40) * 60000
    mood = (i % 3 == 0) ? sprintf("%d,%d", i % 7, 3 + i % 8) : ","
    printf "%08x-0000-4000-8000-%012x,%s,%sT%02d:00:00Z,UTC,+00:00,box-breathing,Box breathing,%d,%d,%s,%s,,played\n",
      i, i, date, date, hour, ms, ms, (i % 11 ? "true" : "false"), mood
  }
}' > "$work/journal.csv"

echo "importing $N entries…"
start=$(date +%s%N)
"$bin" import-log "$work/journal.csv"
echo "import took $(( ($(date +%s%N) - start) / 1000000 )) ms"
db=$STILL_HOME/journal.sqlite
ls -l "$db"
"$bin" stats

query="WITH days AS (SELECT date, sum(practiced_ms) AS ms, count(*) AS n FROM entries GROUP BY date),
counting AS (SELECT date FROM days WHERE ms >= 60000),
runs AS (SELECT julianday(date) - row_number() OVER (ORDER BY date) AS grp FROM counting)
SELECT (SELECT sum(n) FROM days), (SELECT sum(ms) / 60000 FROM days), (SELECT count(*) FROM counting),
       (SELECT max(c) FROM (SELECT count(*) AS c FROM runs GROUP BY grp)),
       (SELECT avg(mood_after - mood_before) FROM entries WHERE mood_before IS NOT NULL AND mood_after IS NOT NULL);"
echo "sqlite3 reference: $(sqlite3 -readonly "$db" "$query")"

if command -v hyperfine >/dev/null; then
  hyperfine --warmup 3 --runs "$RUNS" -N \
    --export-markdown "$work/result.md" \
    "$bin stats" \
    "$bin stats --json" \
    "sqlite3 -readonly $db '$query'" \
    "sqlite3 -readonly $db 'PRAGMA quick_check'"
  cat "$work/result.md"
else
  for cmd in "$bin stats" "$bin stats --json" "sqlite3 -readonly $db '$query'"; do
    best=999999
    for _ in $(seq "$RUNS"); do
      start=$(date +%s%N)
      eval "$cmd" >/dev/null
      ms=$(( ($(date +%s%N) - start) / 1000000 ))
      (( ms < best )) && best=$ms
    done
    echo "$cmd: best of $RUNS runs $best ms"
  done
fi
