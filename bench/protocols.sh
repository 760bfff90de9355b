#!/usr/bin/env bash
# V2 against V4 in one run: the five engine requests over OData V4 JSON and their OData V2 JSON equivalents,
# same server process, same data, same protocol as run.sh (server on one core, wrk on the other).
#   bash bench/protocols.sh            -> prints a table and writes bench/results/protocols.md
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
WORK=${BENCH_WORK:-/tmp/bench-protocols}
ROWS=${ROWS:-5000}
PORT=${PORT:-5182}
WARMUP=${WARMUP:-5}
SETTLE=${SETTLE:-3}
DURATION=${DURATION:-8}
SERVICE=BENCH_SALESORDER
AUTH="Authorization: Basic c2FuZGJveDpzYW5kYm94"
# Throughput is the point here: lift the sandbox's rate limit (100 requests per second per client by default).
export SAPSANDBOX_Sandbox__Limits__RequestsPerSecond=100000000 SAPSANDBOX_Sandbox__Limits__Burst=100000000
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }

rm -rf "$WORK" && mkdir -p "$WORK/services/$SERVICE" bench/results
cp src/SapSandbox.Services/Edmx/Bundled/CE_SALESORDER_0001.edmx "$WORK/services/$SERVICE.edmx"
printf '{"rows":{"SalesOrder":%s}}\n' "$ROWS" >"$WORK/services/$SERVICE/settings.json"
dotnet build -c Release -nologo -v q src/SapSandbox.Server >"$WORK/build.log" 2>&1 || { tail -30 "$WORK/build.log"; exit 1; }

taskset -c 0 dotnet src/SapSandbox.Server/bin/Release/net10.0/sapsandbox.dll serve --urls "http://127.0.0.1:$PORT" \
  --store "sqlite:$WORK/sandbox.db" --services "$WORK/services" >"$WORK/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do curl -s -o /dev/null "http://127.0.0.1:$PORT/" && break; sleep 0.5; done

V4="http://127.0.0.1:$PORT/odata/v4/$SERVICE"
V2="http://127.0.0.1:$PORT/odata/v2/$SERVICE"
names=("SalesOrder?\$top=100" "SalesOrder('0000001000')" "filter+orderby+\$top=50" "\$top=20&\$expand=_Item" "SalesOrder/\$count")
v4=("$V4/SalesOrder?\$top=100" "$V4/SalesOrder('0000001000')" "$V4/SalesOrder?\$filter=TotalNetAmount%20gt%201000&\$orderby=CreationDate%20desc&\$top=50" "$V4/SalesOrder?\$top=20&\$expand=_Item" "$V4/SalesOrder/\$count")
v2=("$V2/SalesOrder?\$top=100" "$V2/SalesOrder('0000001000')" "$V2/SalesOrder?\$filter=TotalNetAmount%20gt%201000M&\$orderby=CreationDate%20desc&\$top=50" "$V2/SalesOrder?\$top=20&\$expand=_Item" "$V2/SalesOrder/\$count")

measure() {
  local url=$1
  [[ $(curl -s -o /dev/null -w '%{http_code}' -H "$AUTH" -H 'Accept: application/json' "$url") == 200 ]] || { echo "not 200: $url" >&2; exit 1; }
  taskset -c 1 wrk -t1 -c16 -d"${WARMUP}s" -H "$AUTH" -H 'Accept: application/json' "$url" >/dev/null
  sleep "$SETTLE"
  taskset -c 1 wrk -t1 -c16 -d"${DURATION}s" -H "$AUTH" -H 'Accept: application/json' "$url" | awk '/Requests\/sec/ {print $2}'
}

# Tier up the code of every request first: on one saturated core the runtime's JIT otherwise lags behind the first ones measured.
for url in "${v4[@]}" "${v2[@]}"; do taskset -c 1 wrk -t1 -c16 -d3s -H "$AUTH" -H 'Accept: application/json' "$url" >/dev/null; done
sleep "$SETTLE"

out=bench/results/protocols.md
{
  echo "# OData V2 JSON against OData V4 JSON, one sandbox process"
  echo
  echo "- $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git rev-parse --short HEAD), $(nproc) cores, dotnet $(dotnet --version), $(wrk --version 2>&1 | head -1 | awk '{print $1, $2}')"
  echo "- $ROWS sales orders; server on core 0, \`wrk -t1 -c16 -d${DURATION}s\` on core 1 after ${WARMUP} s warm-up and ${SETTLE} s idle"
  echo
  echo "| request | V4 req/s | V2 req/s | V2 / V4 |"
  echo "|---|---:|---:|---:|"
  for i in "${!names[@]}"; do
    a=$(measure "${v4[$i]}"); b=$(measure "${v2[$i]}")
    echo "| \`${names[$i]}\` | $a | $b | $(awk -v a="$a" -v b="$b" 'BEGIN {printf "%d %%", 100 * b / a}') |"
  done
} | tee "$out"
