#!/usr/bin/env bash
# Late pages, memory while paging through a million rows, and start-up time, for the sandbox on SQLite.
#
#   bash bench/paging.sh        # the working tree's src/, built in Release
#
# 1. Seeds BENCH_PAGING (bench/paging/BENCH_PAGING.xml, one entity set of journal entry items) with ROWS rows.
# 2. Starts the sandbox pinned to core 0 and walks every page of the set from core 1, following @odata.nextLink
#    (server page size PAGE), sampling the server's VmRSS every 50 pages (bench/paging/walk.py).
# 3. Measures page 1 and page LATE (by default 900 of 1,000) with wrk, as bench/run.sh measures: warm-up, idle,
#    ROUNDS rounds of DURATION seconds, the better one counts.
# 4. Restarts the sandbox with its embedded defaults (all bundled services, SQLite) STARTS times and measures the
#    time from exec to the first 200 of an OData read.
# Writes bench/results/paging.md.
#
# Knobs: ROWS (1000000), PAGE (1000), LATE (900), WARMUP (5), SETTLE (3), DURATION (10), ROUNDS (2), CONNECTIONS (16),
# STARTS (5), PORT (5185), BENCH_WORK (/tmp/bench), SERVER_CPU (0), CLIENT_CPU (1).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
REPO=$(pwd)
WORK=${BENCH_WORK:-/tmp/bench}/paging
ROWS=${ROWS:-1000000} PAGE=${PAGE:-1000} LATE=${LATE:-900}
WARMUP=${WARMUP:-5} SETTLE=${SETTLE:-3} DURATION=${DURATION:-10} ROUNDS=${ROUNDS:-2} CONNECTIONS=${CONNECTIONS:-16}
STARTS=${STARTS:-5} PORT=${PORT:-5185} SERVER_CPU=${SERVER_CPU:-0} CLIENT_CPU=${CLIENT_CPU:-1}
AUTH="Basic c2FuZGJveDpzYW5kYm94" # sandbox:sandbox
export SAPSANDBOX_Sandbox__Limits__RequestsPerSecond=100000000 SAPSANDBOX_Sandbox__Limits__Burst=100000000
RESULTS=$REPO/bench/results
DLL=$REPO/src/SapSandbox.Server/bin/Release/net10.0/sapsandbox.dll
BASE=http://127.0.0.1:$PORT

log() { printf '[paging %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
PID=""
stop() {
  if [[ -n "$PID" ]] && kill -0 "$PID" 2>/dev/null; then kill -TERM "$PID"; wait "$PID" 2>/dev/null || true; fi
  PID=""
}
trap stop EXIT
# Starts the sandbox (arguments after the DLL) and waits for a 200 on $1; prints nothing, sets PID.
start() {
  local probe=$1; shift
  ( cd "$WORK" && exec ${PIN:-taskset -c "$SERVER_CPU"} dotnet "$DLL" "$@" --urls "$BASE" >"$WORK/server.log" 2>&1 ) &
  PID=$!
  for _ in $(seq 1 6000); do
    [[ $(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: $AUTH" "$BASE$probe") == 200 ]] && return 0
    kill -0 "$PID" 2>/dev/null || { tail -20 "$WORK/server.log"; die "the sandbox ended"; }
    sleep 0.05
  done
  die "the sandbox did not answer $probe"
}
# wrk on one URL: the better of ROUNDS rounds, as "req/s p50 p99".
measure() {
  local url=$1 best="" line
  taskset -c "$CLIENT_CPU" wrk -t1 -c"$CONNECTIONS" -d"${WARMUP}s" -H "Authorization: $AUTH" "$url" >/dev/null
  sleep "$SETTLE"
  for _ in $(seq 1 "$ROUNDS"); do
    local out; out=$(taskset -c "$CLIENT_CPU" wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" --latency -H "Authorization: $AUTH" "$url")
    echo "$out" >>"$WORK/wrk.log"
    line="$(awk '/Requests\/sec/ {r=$2} / 50%/ {p50=$2} / 99%/ {p99=$2} END {print r, p50, p99}' <<<"$out")"
    if [[ -z "$best" ]] || awk -v a="${line%% *}" -v b="${best%% *}" 'BEGIN {exit !(a > b)}'; then best=$line; fi
  done
  echo "$best"
}

command -v wrk >/dev/null || die "wrk is required (apt-get install wrk)"
command -v python3 >/dev/null || die "python3 is required"
mkdir -p "$WORK/services/BENCH_PAGING" "$RESULTS"
: >"$WORK/wrk.log"
log "building the sandbox (Release)"
dotnet build -c Release -nologo -v q src/SapSandbox.Server >"$WORK/build.log" 2>&1 || { tail -20 "$WORK/build.log"; die "build failed"; }

cp bench/paging/BENCH_PAGING.xml "$WORK/services/BENCH_PAGING.xml"
printf '{"rows":{"JournalEntryItem":%s}}\n' "$ROWS" >"$WORK/services/BENCH_PAGING/settings.json"
SERVICE=/odata/v4/BENCH_PAGING/JournalEntryItem
ARGS=(serve --store "sqlite:$WORK/paging.db" --services "$WORK/services" --page-size "$PAGE")

log "seeding $ROWS rows"
seed_start=$(date +%s.%N)
start "$SERVICE?\$top=1" "${ARGS[@]}" --reset
seed_seconds=$(awk -v a="$seed_start" -v b="$(date +%s.%N)" 'BEGIN {printf "%.1f", b - a}')
stop

log "walking every page"
start "$SERVICE?\$top=1" "${ARGS[@]}"
sleep "$SETTLE"
rss_start=$(awk '/VmRSS/ {print $2}' "/proc/$PID/status")
walk=$(taskset -c "$CLIENT_CPU" python3 bench/paging/walk.py "$BASE" "$SERVICE" "$PID" "$AUTH")
echo "$walk" >"$WORK/walk.json"
late_path=$(python3 -c "import json,sys; print(json.load(open('$WORK/walk.json'))['urls'][$LATE - 1])")

log "page 1 and page $LATE with wrk"
first=$(measure "$BASE$SERVICE")
late=$(measure "$BASE$late_path")
rss_end=$(awk '/VmRSS/ {print $2}' "/proc/$PID/status"); hwm=$(awk '/VmHWM/ {print $2}' "/proc/$PID/status")
stop

log "start-up with the embedded defaults, $STARTS times"
# Not pinned: a start uses the machine as a developer's start does (the JIT compiles on the other core).
PIN=env
rm -rf "$WORK/defaults"; mkdir -p "$WORK/defaults"
DEFAULTS=(serve --store "sqlite:$WORK/defaults/sandbox.db")
PROBE="/sap/opu/odata/sap/API_BUSINESS_PARTNER/A_BusinessPartner?\$top=1&\$format=json"
first_start=$(date +%s.%N); start "$PROBE" "${DEFAULTS[@]}"
first_seconds=$(awk -v a="$first_start" -v b="$(date +%s.%N)" 'BEGIN {printf "%.2f", b - a}'); stop
starts=()
for _ in $(seq 1 "$STARTS"); do
  t=$(date +%s.%N); start "$PROBE" "${DEFAULTS[@]}"
  starts+=("$(awk -v a="$t" -v b="$(date +%s.%N)" 'BEGIN {printf "%.2f", b - a}')"); stop
done
median=$(printf '%s\n' "${starts[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')

python3 - "$WORK/walk.json" >"$RESULTS/paging.md" <<PY
import json, sys
walk = json.load(open(sys.argv[1]))
first, late = "$first".split(), "$late".split()
print("# Late pages, memory and start-up\n")
print(f"- Date: $(date -u '+%Y-%m-%d %H:%M') UTC; sandbox from $(git rev-parse --short HEAD)$(git status --porcelain -- src | grep -q . && echo ' with uncommitted changes in src/' || true)")
print(f"- Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo); .NET SDK $(dotnet --version); $(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2)")
print(f"- Data: BENCH_PAGING (bench/paging/BENCH_PAGING.xml), {walk['rows']:,} journal entry items, seeded in $seed_seconds s; page size $PAGE")
print()
print("## Late pages (wrk, server on one core)\n")
print("| page | req/s | p50 | p99 |\n|---|---:|---:|---:|")
print(f"| 1 (\`JournalEntryItem\`) | {first[0]} | {first[1]} | {first[2]} |")
print(f"| $LATE (its \`\$skiptoken\` next link) | {late[0]} | {late[1]} | {late[2]} |")
print(f"\nPage $LATE runs at {float(late[0]) / float(first[0]) * 100:.0f} % of page 1's requests/s.\n")
print("## Memory while a client pages through every row\n")
print(f"{walk['pages']:,} pages, {walk['rows']:,} rows in {walk['seconds']} s. Server RSS before the walk: {$rss_start // 1024} MiB; after the walk and the wrk runs: {$rss_end // 1024} MiB (peak {$hwm // 1024} MiB).\n")
print("| after page | rows | RSS MiB | s |\n|---:|---:|---:|---:|")
for s in walk["samples"]:
    if s["page"] % 100 == 0 or s is walk["samples"][-1]:
        print(f"| {s['page']} | {s['rows']:,} | {s['rss_kib'] // 1024} | {s['seconds']} |")
print("\n## Start-up (embedded defaults: SQLite, every bundled service)\n")
print(f"First start (creates and seeds the store): $first_seconds s to the first 200. Restarts on the seeded store: ${starts[*]} s; median $median s.")
print("Measured from exec of \`dotnet sapsandbox.dll serve\` (Release) to the first 200 of \`A_BusinessPartner?\$top=1\`, on both cores.")
PY
log "wrote bench/results/paging.md"
cat "$RESULTS/paging.md"
