#!/usr/bin/env bash
# Throughput benchmark: the sandbox against a hand-written "practical limit" server (bench/LimitServer)
# that runs the same SQL on the same SQLite file and writes the same JSON. One command, from the repo root:
#
#   bash bench/run.sh          # measures the working tree's src/ as it is (uncommitted edits included)
#   bash bench/run.sh --head   # measures the last commit: HEAD's src/ exported to $BENCH_WORK/tree and built there
#
# Builds both in Release, seeds a 5,000-order copy of CE_SALESORDER_0001 (BENCH_SALESORDER), then for each
# server in turn: start it pinned to core 0, and for each request run wrk pinned to core 1 (5 s warm-up, 3 s idle,
# then 2 rounds of 10 s; the better round counts), read its RSS, stop it. Writes bench/results/latest.md.
#
# Knobs (environment): BENCH_WORK (/tmp/bench), SANDBOX_PORT (5180), LIMIT_PORT (5181), ROWS (5000),
# WARMUP (5), SETTLE (3: idle seconds after the warm-up), DURATION (10), ROUNDS (2), CONNECTIONS (16),
# SERVER_CPU (0), CLIENT_CPU (1),
# PER_REQUEST_LIMIT (0; 1 also measures the limit server with statements prepared anew per request, ~2 min more).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
REPO=$(pwd)
WORK=${BENCH_WORK:-/tmp/bench}
SOURCE=worktree
for arg in "$@"; do
  case $arg in
    --head) SOURCE=head ;;
    -h|--help) sed -n '2,15p' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) echo "unknown option: $arg (try --help)" >&2; exit 2 ;;
  esac
done
SANDBOX_PORT=${SANDBOX_PORT:-5180}
LIMIT_PORT=${LIMIT_PORT:-5181}
ROWS=${ROWS:-5000}
WARMUP=${WARMUP:-5}
SETTLE=${SETTLE:-3}
DURATION=${DURATION:-10}
ROUNDS=${ROUNDS:-2}
CONNECTIONS=${CONNECTIONS:-16}
SERVER_CPU=${SERVER_CPU:-0}
CLIENT_CPU=${CLIENT_CPU:-1}
PER_REQUEST_LIMIT=${PER_REQUEST_LIMIT:-0}
AUTH="Authorization: Basic c2FuZGJveDpzYW5kYm94" # sandbox:sandbox
# Throughput is the point here: lift the sandbox's rate limit (100 requests per second per client by default).
export SAPSANDBOX_Sandbox__Limits__RequestsPerSecond=100000000 SAPSANDBOX_Sandbox__Limits__Burst=100000000
SERVICE=BENCH_SALESORDER
RESULTS=$REPO/bench/results
# Where the sandbox and the bench projects are built: the repository itself, or a clean export of HEAD
# (so that edits in progress in src/ neither end up in the figures nor break the build).
ROOT=$REPO
if [[ $SOURCE == head ]]; then
  ROOT=$WORK/tree
fi
SANDBOX_DLL=$ROOT/src/SapSandbox.Server/bin/Release/net10.0/sapsandbox.dll
LIMIT_DLL=$ROOT/bench/LimitServer/bin/Release/net10.0/LimitServer.dll
PLANDUMP_DLL=$ROOT/bench/PlanDump/bin/Release/net10.0/PlanDump.dll

# name|path after the service root (percent-encoded as sent). Keep in sync with bench/PlanDump/Program.cs.
REQUESTS=(
  "SalesOrder?\$top=100|SalesOrder?\$top=100"
  "SalesOrder('0000001000')|SalesOrder('0000001000')"
  "filter+orderby+\$top=50|SalesOrder?\$filter=TotalNetAmount%20gt%201000&\$orderby=CreationDate%20desc&\$top=50"
  "\$top=20&\$expand=_Item|SalesOrder?\$top=20&\$expand=_Item"
  "SalesOrder/\$count|SalesOrder/\$count"
)

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

SERVER_PID=""
stop_server() {
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$SERVER_PID" 2>/dev/null && kill -KILL "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  SERVER_PID=""
}
trap stop_server EXIT

# ---------------------------------------------------------------------------------------------- tools
if ! command -v wrk >/dev/null; then
  log "wrk is missing: installing it with apt-get"
  SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO=sudo
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq wrk >/dev/null
fi
command -v taskset >/dev/null || die "taskset (util-linux) is required"
command -v curl >/dev/null || die "curl is required"
[[ $(nproc --all) -ge 2 ]] || die "needs at least 2 cores (server on core $SERVER_CPU, wrk on core $CLIENT_CPU)"
for port in "$SANDBOX_PORT" "$LIMIT_PORT"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then die "port $port is in use; set SANDBOX_PORT / LIMIT_PORT"; fi
done

mkdir -p "$WORK" "$RESULTS"
rm -rf "$RESULTS/bodies"; mkdir -p "$RESULTS/bodies"

if [[ $SOURCE == head ]]; then
  log "exporting HEAD ($(git rev-parse --short HEAD)) to $ROOT"
  rm -rf "$ROOT"; mkdir -p "$ROOT/bench"
  git archive --format=tar HEAD src Directory.Build.props Directory.Packages.props | tar -x -C "$ROOT"
  for project in PlanDump LimitServer; do
    mkdir -p "$ROOT/bench/$project"
    find "bench/$project" -maxdepth 1 -type f -exec cp {} "$ROOT/bench/$project/" \;
  done
  SOURCE_DESC="HEAD $(git rev-parse --short HEAD) (clean export of the last commit)"
else
  SOURCE_DESC="the working tree at $(git rev-parse --short HEAD)$(git status --porcelain -- src 2>/dev/null | grep -q . && echo ', with uncommitted changes in src/' || true)"
fi
cd "$ROOT"

# ---------------------------------------------------------------------------------------------- build
log "building the sandbox and the plan dumper (Release)"
dotnet build -c Release -nologo -v q src/SapSandbox.Server >"$WORK/build-sandbox.log" 2>&1 || { tail -30 "$WORK/build-sandbox.log"; die "sandbox build failed"; }
dotnet build -c Release -nologo -v q bench/PlanDump >"$WORK/build-plandump.log" 2>&1 || { tail -30 "$WORK/build-plandump.log"; die "PlanDump build failed"; }

# The benchmark service: CE_SALESORDER_0001's metadata under another name, with $ROWS root orders.
SERVICES=$WORK/services
mkdir -p "$SERVICES/$SERVICE"
cp src/SapSandbox.Services/Edmx/Bundled/CE_SALESORDER_0001.edmx "$SERVICES/$SERVICE.edmx"
printf '{"rows":{"SalesOrder":%s}}\n' "$ROWS" >"$SERVICES/$SERVICE/settings.json"

log "asking the sandbox's planner for its SQL; regenerating bench/LimitServer/Generated.cs"
dotnet "$PLANDUMP_DLL" "$SERVICES" bench/LimitServer/Generated.cs "$RESULTS/plans.txt" >/dev/null
[[ $ROOT != "$REPO" ]] && cp bench/LimitServer/Generated.cs "$REPO/bench/LimitServer/Generated.cs"
if ! git -C "$REPO" diff --quiet -- bench/LimitServer/Generated.cs 2>/dev/null; then
  log "note: the sandbox's SQL/JSON shape changed since Generated.cs was committed (git diff bench/LimitServer/Generated.cs)"
fi
dotnet build -c Release -nologo -v q bench/LimitServer >"$WORK/build-limit.log" 2>&1 || { tail -30 "$WORK/build-limit.log"; die "LimitServer build failed"; }

# ---------------------------------------------------------------------------------------------- servers
DB=$WORK/sandbox.db
SANDBOX_CMD=(dotnet "$SANDBOX_DLL" serve --urls "http://127.0.0.1:$SANDBOX_PORT" --store "sqlite:$DB" --services "$SERVICES")
LIMIT_CMD=(dotnet "$LIMIT_DLL" --urls "http://127.0.0.1:$LIMIT_PORT" --db "$DB" --statements kept)
LIMIT_PR_CMD=(dotnet "$LIMIT_DLL" --urls "http://127.0.0.1:$LIMIT_PORT" --db "$DB" --statements per-request)

# start_server LOGFILE CPU|- PORT CMD... : starts it (pinned unless CPU is -) and waits until it answers.
start_server() {
  local logfile=$1 cpu=$2 port=$3; shift 3
  if [[ $cpu == - ]]; then "$@" >"$logfile" 2>&1 &
  else taskset -c "$cpu" "$@" >"$logfile" 2>&1 &
  fi
  SERVER_PID=$!
  # If bash put the command under a subshell, follow it down to the dotnet process (CPU and RSS are read from it).
  for _ in $(seq 1 40); do
    [[ $(cat "/proc/$SERVER_PID/comm" 2>/dev/null) == dotnet ]] && break
    local child; child=$(pgrep -P "$SERVER_PID" | head -1 || true)
    [[ -n $child ]] && SERVER_PID=$child || sleep 0.05
  done
  for _ in $(seq 1 600); do
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$logfile" >&2; die "server exited during start-up"; }
    if curl -s -o /dev/null -H "$AUTH" "http://127.0.0.1:$port/odata/v4/$SERVICE/SalesOrder/\$count"; then return 0; fi
    sleep 0.25
  done
  die "server did not answer within 150 s (log: $logfile)"
}

log "seeding $DB (fresh: --reset) with $ROWS sales orders"
rm -f "$DB" "$DB-wal" "$DB-shm"
start_server "$WORK/seed.log" - "$SANDBOX_PORT" "${SANDBOX_CMD[@]}" --reset
for _ in $(seq 1 20); do grep -q "listening" "$WORK/seed.log" && break; sleep 0.25; done
grep -q "listening" "$WORK/seed.log" || die "the sandbox did not log 'listening'"
ORDERS=$(curl -s -H "$AUTH" "http://127.0.0.1:$SANDBOX_PORT/odata/v4/$SERVICE/SalesOrder/\$count")
ITEMS=$(curl -s -H "$AUTH" "http://127.0.0.1:$SANDBOX_PORT/odata/v4/$SERVICE/SalesOrderItem/\$count")
stop_server # measured runs start from a process that did not seed (seeding leaves memory behind)
log "data: $ORDERS sales orders, $ITEMS items"

# to_ms VALUE-WITH-UNIT (wrk prints 850.00us, 12.34ms, 1.02s)
to_ms() {
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n = n; else if (v ~ /m$/) n *= 60000; else if (v ~ /s$/) n *= 1000; printf "%.2f", n }'
}

CLK_TCK=$(getconf CLK_TCK)
server_ticks() { awk '{ print $14 + $15 }' "/proc/$SERVER_PID/stat"; }
busy_ticks() { awk '$1 == "cpu" { print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat; } # user nice system irq softirq steal
TIMEFORMAT='%U %S' # bash's time: wrk's user and system seconds

# wait_quiet: this machine may be shared (builds, test runs). Before a measurement, wait while other
# processes keep more than 15 % of a core busy (2 s samples), at most 20 s per request and 90 s per run.
QUIET_BUDGET=${QUIET_BUDGET:-90}
EXTRA_ROUNDS=${EXTRA_ROUNDS:-4}
wait_quiet() {
  local waited=0 b0 b1 s0 s1 load
  while (( waited < 20 && QUIET_BUDGET > 0 )); do
    b0=$(busy_ticks); s0=$(server_ticks); sleep 2; b1=$(busy_ticks); s1=$(server_ticks)
    load=$(( 100 * (b1 - b0 - (s1 - s0)) / CLK_TCK / 2 ))
    (( load <= 15 )) && return 0
    (( waited == 0 )) && log "other processes use $load % of a core; waiting up to 20 s for the machine to quieten"
    waited=$((waited + 2)); QUIET_BUDGET=$((QUIET_BUDGET - 2))
  done
}

declare -A RPS P99 ERRS RSS HWM ROUNDLOG
# measure KEY PORT : for every request, warm up, run ROUNDS rounds, keep the best
measure() {
  local key=$1 port=$2 i=0 entry name path url out rps p99 errs best_rps best_p99 best_errs
  for entry in "${REQUESTS[@]}"; do
    i=$((i + 1)); name=${entry%%|*}; path=${entry#*|}
    url="http://127.0.0.1:$port/odata/v4/$SERVICE/$path"
    local code
    code=$(curl -s -o "$RESULTS/bodies/$key-$i.body" -D "$RESULTS/bodies/$key-$i.headers" -w '%{http_code}' -H "$AUTH" "$url")
    [[ $code == 200 ]] || die "$key answered $code for $url"
    wait_quiet
    taskset -c "$CLIENT_CPU" wrk -t1 -c"$CONNECTIONS" -d"${WARMUP}s" -H "$AUTH" "$url" >/dev/null
    # Let the runtime's background JIT finish: pinned to one saturated core, tier-1 compilation starves and
    # back-to-back load can stay on unoptimised code for tens of seconds (225 vs 444 req/s measured for $top=100).
    sleep "$SETTLE"
    best_rps=0; best_p99=""; best_errs=""
    local round=0 planned=$ROUNDS
    while (( round < planned )); do
      round=$((round + 1))
      local t0 t1 cpu b0 b1 other
      t0=$(server_ticks); b0=$(busy_ticks)
      out=$( { time taskset -c "$CLIENT_CPU" wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" --latency -H "$AUTH" "$url"; } 2>"$WORK/wrk.time")
      t1=$(server_ticks); b1=$(busy_ticks)
      # The server's CPU during the round, and the CPU that neither the server nor wrk used (other processes on
      # the machine), both in % of one core. The second should be near 0 for clean figures.
      cpu=$(awk -v a="$t0" -v b="$t1" -v hz="$CLK_TCK" -v d="$DURATION" 'BEGIN { printf "%.0f", 100 * (b - a) / hz / d }')
      other=$(awk -v a="$b0" -v b="$b1" -v s0="$t0" -v s1="$t1" -v hz="$CLK_TCK" -v d="$DURATION" -v w="$(tail -1 "$WORK/wrk.time")" \
        'BEGIN { split(w, t, " "); o = 100 * ((b - a) / hz - (s1 - s0) / hz - t[1] - t[2]) / d; printf "%.0f", o < 0 ? 0 : o }')
      echo "=== $key $name round $round" >>"$RESULTS/wrk.log"; echo "$out" >>"$RESULTS/wrk.log"
      rps=$(awk '/^Requests\/sec:/ { print $2 }' <<<"$out")
      p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' <<<"$out")")
      errs=$(awk '/Non-2xx/ { n += $NF } /Socket errors/ { gsub(/,/, ""); n += $4 + $6 + $8 + $10 } END { print n + 0 }' <<<"$out")
      log "$key  $name  round $round: $rps req/s, p99 $p99 ms, server CPU $cpu %, other load $other %$([[ $errs != 0 ]] && echo ", ERRORS $errs")"
      ROUNDLOG[$key,$i]="${ROUNDLOG[$key,$i]:-}${ROUNDLOG[$key,$i]:+, }$(printf '%.0f' "$rps") ($cpu / $other)"
      if awk -v a="$rps" -v b="$best_rps" 'BEGIN { exit !(a > b) }'; then best_rps=$rps; best_p99=$p99; best_errs=$errs; fi
      # A round that other processes disturbed (more than 20 % of a core) earns one more round, 4 per run at most.
      if (( other > 20 && EXTRA_ROUNDS > 0 && planned < ROUNDS + 2 )); then
        planned=$((planned + 1)); EXTRA_ROUNDS=$((EXTRA_ROUNDS - 1))
        log "round disturbed by other processes: one more round"
        wait_quiet
      fi
    done
    RPS[$key,$i]=$best_rps; P99[$key,$i]=$best_p99; ERRS[$key,$i]=$best_errs
  done
  RSS[$key]=$(awk '/^VmRSS:/ { printf "%.0f", $2 / 1024 }' "/proc/$SERVER_PID/status")
  HWM[$key]=$(awk '/^VmHWM:/ { printf "%.0f", $2 / 1024 }' "/proc/$SERVER_PID/status")
}

: >"$RESULTS/wrk.log"
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
STARTED=$(date +%s)
log "sandbox: starting on core $SERVER_CPU"
start_server "$WORK/sandbox.log" "$SERVER_CPU" "$SANDBOX_PORT" "${SANDBOX_CMD[@]}"
measure sandbox "$SANDBOX_PORT"
stop_server

log "limit server (prepared statements kept): starting on core $SERVER_CPU"
start_server "$WORK/limit.log" "$SERVER_CPU" "$LIMIT_PORT" "${LIMIT_CMD[@]}"
measure limit "$LIMIT_PORT"
stop_server

if [[ $PER_REQUEST_LIMIT == 1 ]]; then
  log "limit server (statements prepared per request): starting on core $SERVER_CPU"
  start_server "$WORK/limit-per-request.log" "$SERVER_CPU" "$LIMIT_PORT" "${LIMIT_PR_CMD[@]}"
  measure limit-pr "$LIMIT_PORT"
  stop_server
fi
ELAPSED=$(( $(date +%s) - STARTED ))
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

# ---------------------------------------------------------------------------------------------- report
DOTNET_VERSION=$(dotnet --version)
WRK_VERSION=$(wrk --version 2>&1 | head -1 | awk '{ print $2 }' || true)
CPU_MODEL=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
{
  echo "# Benchmark results: sandbox vs. practical limit"
  echo
  echo "Limit = bench/LimitServer with prepared statements kept on pooled open connections (\`--statements kept\`)."
  echo
  echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC'); sandbox built from $SOURCE_DESC"
  echo "- Machine: $(nproc --all) cores ($CPU_MODEL), $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo) RAM, $(uname -sr)"
  echo "- .NET SDK $DOTNET_VERSION, wrk $WRK_VERSION"
  echo "- Data: service $SERVICE (CE_SALESORDER_0001 metadata), $ORDERS sales orders, $ITEMS items, SQLite $DB"
  echo "- Server pinned to core $SERVER_CPU, wrk to core $CLIENT_CPU: \`wrk -t1 -c$CONNECTIONS -d${DURATION}s --latency\`, ${WARMUP} s warm-up then ${SETTLE} s idle, best of $ROUNDS rounds (plus up to 4 extra rounds per run when other processes disturbed one); measuring took ${ELAPSED} s"
  echo "- Load average before / after measuring: $LOAD_BEFORE / $LOAD_AFTER (the benchmark itself keeps about 2 cores busy; more means other work shared the machine)"
  echo
  echo "| request | sandbox req/s | limit req/s | ratio | sandbox p99 | limit p99 | same body / headers |"
  echo "|---|---:|---:|---:|---:|---:|:---:|"
  i=0
  for entry in "${REQUESTS[@]}"; do
    i=$((i + 1)); name=${entry%%|*}
    same=yes; cmp -s "$RESULTS/bodies/sandbox-$i.body" "$RESULTS/bodies/limit-$i.body" || same=NO
    if diff -q <(grep -vi '^date:' "$RESULTS/bodies/sandbox-$i.headers") <(grep -vi '^date:' "$RESULTS/bodies/limit-$i.headers") >/dev/null; then same="$same / yes"; else same="$same / NO"; fi
    ratio=$(awk -v s="${RPS[sandbox,$i]}" -v l="${RPS[limit,$i]}" 'BEGIN { r = l > 0 ? 100 * s / l : 0; printf "%.0f %%%s", r, (r < 70 ? " **below 70 %**" : "") }')
    printf '| `%s` | %.0f | %.0f | %s | %s ms | %s ms | %s |\n' "$name" "${RPS[sandbox,$i]}" "${RPS[limit,$i]}" "$ratio" "${P99[sandbox,$i]}" "${P99[limit,$i]}" "$same"
  done
  echo
  if [[ $PER_REQUEST_LIMIT == 1 ]]; then
    echo "The limit server with its statements prepared anew on every request (\`--statements per-request\`: a pooled"
    echo "SqliteConnection opened per request, the sandbox's way before it kept store sessions):"
    echo
    echo "| request | limit, per-request statements, req/s | p99 | sandbox / this | same body |"
    echo "|---|---:|---:|---:|:---:|"
    i=0
    for entry in "${REQUESTS[@]}"; do
      i=$((i + 1)); name=${entry%%|*}
      same=yes; cmp -s "$RESULTS/bodies/sandbox-$i.body" "$RESULTS/bodies/limit-pr-$i.body" || same=NO
      ratio=$(awk -v s="${RPS[sandbox,$i]}" -v l="${RPS[limit-pr,$i]}" 'BEGIN { r = l > 0 ? 100 * s / l : 0; printf "%.0f %%", r }')
      printf '| `%s` | %.0f | %s ms | %s | %s |\n' "$name" "${RPS[limit-pr,$i]}" "${P99[limit-pr,$i]}" "$ratio" "$same"
    done
    echo
  fi
  echo "Every counted round: req/s (server's CPU / CPU used by other processes on the machine, both in % of one core)."
  echo "The second figure should be near 0; when it is not, other work shared the machine and that round is less trustworthy."
  echo
  if [[ $PER_REQUEST_LIMIT == 1 ]]; then
    echo "| request | sandbox rounds | limit rounds | limit (per-request statements) rounds |"
    echo "|---|---|---|---|"
  else
    echo "| request | sandbox rounds | limit rounds |"
    echo "|---|---|---|"
  fi
  i=0
  for entry in "${REQUESTS[@]}"; do
    i=$((i + 1)); name=${entry%%|*}
    printf '| `%s` | %s | %s |' "$name" "${ROUNDLOG[sandbox,$i]}" "${ROUNDLOG[limit,$i]}"
    [[ $PER_REQUEST_LIMIT == 1 ]] && printf ' %s |' "${ROUNDLOG[limit-pr,$i]}"
    echo
  done
  echo
  echo "RSS after the runs: sandbox ${RSS[sandbox]} MiB (peak ${HWM[sandbox]} MiB), limit ${RSS[limit]} MiB (peak ${HWM[limit]} MiB)$([[ $PER_REQUEST_LIMIT == 1 ]] && echo ", limit with per-request statements ${RSS[limit-pr]} MiB (peak ${HWM[limit-pr]} MiB)")."
  errors=0; for k in "${!ERRS[@]}"; do errors=$((errors + ${ERRS[$k]:-0})); done
  echo
  if [[ $errors -gt 0 ]]; then echo "wrk reported $errors non-2xx responses or socket errors in the counted rounds (see wrk.log)."
  else echo "No non-2xx responses or socket errors in the counted rounds."; fi
  echo
  echo "Full wrk output: bench/results/wrk.log; SQL per request: bench/results/plans.txt; bodies: bench/results/bodies/."
} >"$RESULTS/latest.md"

cat "$RESULTS/latest.md"
