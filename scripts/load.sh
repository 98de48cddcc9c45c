#!/usr/bin/env bash
# Reproducible loopback load test of `gongwen serve` (docs/PERFORMANCE.md, "Server").
#
#   scripts/load.sh [SECONDS] [CONNECTIONS]      # defaults: 20 s, 64 connections
#
# Builds the release binary, starts it on 127.0.0.1 with a fresh library (when the
# library commands exist), runs wrk against /api/check with a 5,000-character draft
# and against /api/search, then prints p50/p99, throughput, errors and the server's
# peak RSS (VmHWM). Traffic goes to 127.0.0.1 only; every run is bounded in time.
set -euo pipefail
cd "$(dirname "$0")/.."
SECS=${1:-20}
CONNS=${2:-64}
PORT=${PORT:-18787}
export LOAD_DIR="$PWD/scripts/load"
export DRAFT="$LOAD_DIR/draft-5000.txt"
command -v wrk >/dev/null || { echo "wrk not found: apt-get install wrk" >&2; exit 2; }

cargo build --release -q -p gongwen-cli
BIN=target/release/gongwen
WORK=$(mktemp -d)
SERVER_PID=
cleanup() { [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

LIB_ARGS=()
if "$BIN" add --help >/dev/null 2>&1; then
  # A small library: the draft plus 200 generated variants, so search has work to do.
  mkdir -p "$WORK/docs"
  for i in $(seq 1 200); do
    sed "s/柳溪镇/柳溪${i}镇/g; s/2024年/$((2000 + i % 25))年/" "$DRAFT" > "$WORK/docs/d$i.txt"
  done
  "$BIN" add "$WORK/docs" --library "$WORK/lib" >/dev/null 2>&1 || true
  LIB_ARGS=(--library "$WORK/lib")
fi

"$BIN" serve --addr "127.0.0.1:$PORT" "${LIB_ARGS[@]}" 2>"$WORK/server.log" &
SERVER_PID=$!
for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$PORT/api/health" >/dev/null 2>&1 && break
  sleep 0.1
done

echo "# $(date -u +%FT%TZ) $(nproc) cores, $(wrk -v 2>&1 | head -n1 | cut -d' ' -f1-2), ${SECS}s, ${CONNS} connections"
echo "# draft: $(python3 -c "import sys;print(len(open(sys.argv[1],encoding='utf-8').read()))" "$DRAFT") characters"
echo "## check"
wrk -t2 -c"$CONNS" -d"${SECS}s" --timeout 10s -s "$LOAD_DIR/check.lua" "http://127.0.0.1:$PORT" | grep RESULT
code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/api/search?q=%E4%B9%A1%E6%9D%91")
echo "## search"
if [ "$code" = 200 ]; then
  wrk -t2 -c"$CONNS" -d"${SECS}s" --timeout 10s -s "$LOAD_DIR/search.lua" "http://127.0.0.1:$PORT" | grep RESULT
else
  echo "skipped: /api/search answers $code (no library in this build)"
fi
echo "## memory"
echo "peak_rss_kib=$(awk '/VmHWM/ {print $2}' /proc/$SERVER_PID/status)"
