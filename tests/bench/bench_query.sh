#!/usr/bin/env bash
# make bench-query: query latency and throughput of Kavosh beside plain Xapian on the same
# documents (issue 12). Not a test: prints figures.
#
#   tests/bench/bench_query.sh [--scale N] [--rounds R] [--corpora DIR] [--build DIR]
#
# Builds, once per scale and per kavosh-index binary (cached in BUILD/bench-query/), N copies of
# the shared corpora with new unique ids (kavosh-bench-scale; sources and dates kept), a Kavosh
# database of them (kavosh-index) and a plain Xapian one (kavosh-bench-baseline: TermGenerator,
# no Persian analysis, records stored). Then, with the Hamshahri dev topics as given and
# respelled as queries: kavosh-bench-query in process (plain Xapian, Kavosh's ranking alone, the
# full API answer, and the cost of facets, sort, collapse, feedback and snippets each), the same
# over HTTP with a keep-alive client, and, when wrk is installed, wrk at 16 and 64 connections.
# Everything runs on loopback. Prints SKIPPED when the corpora are absent.
set -euo pipefail
SCALE=10
# shellcheck source=tests/bench/bench_common.sh
. "$(dirname "$0")/bench_common.sh"
bench_extra_option() {
  case $1 in
    --scale) SCALE=${2:?--scale needs a number} ;;
    *) return 1 ;;
  esac
}
bench_parse "$@"
bench_prepare kavosh-index kavosh-server kavosh-bench-scale kavosh-bench-baseline kavosh-bench-query

# The databases, rebuilt when the scale or the indexer changes.
CACHE=$BUILD/bench-query/x$SCALE
stamp="$SCALE $(md5sum < "$BIN/kavosh-index" | cut -d' ' -f1) ${inputs[*]}"
if [ "$(cat "$CACHE/stamp" 2>/dev/null)" != "$stamp" ]; then
  rm -rf "$CACHE"
  mkdir -p "$CACHE"
  echo "bench_query.sh: building the databases at ${SCALE}x (once for this kavosh-index)..."
  "$BIN/kavosh-bench-scale" --copies "$SCALE" -o "$CACHE/corpus.jsonl" "${inputs[@]}" 2>"$CACHE/scale.log"
  "$BIN/kavosh-index" --db "$CACHE/kavosh" --quiet "$CACHE/corpus.jsonl" >"$CACHE/index.log" 2>&1
  "$BIN/kavosh-bench-baseline" --data --db "$CACHE/xapian" "$CACHE/corpus.jsonl" >"$CACHE/baseline.log" 2>&1
  rm -f "$CACHE/corpus.jsonl"
  echo "$stamp" > "$CACHE/stamp"
fi

# Two servers on free loopback ports: one searching every request (--answer-cache 0), one as
# deployed, answering a request it has answered before from its cache of answers.
LOGS=()
PIDS=()
trap 'for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
      rm -f "${LOGS[@]}" "${LOGS[0]}.lua"' EXIT
start_server() {  # start_server [flags...]: sets PORT
  local log
  log=$(mktemp)
  LOGS+=("$log")
  "$BIN/kavosh-server" --db "$CACHE/kavosh" --host 127.0.0.1 --port 0 --quiet "$@" >/dev/null 2>"$log" &
  PIDS+=($!)
  PORT=""
  for _ in $(seq 1 100); do
    PORT=$(sed -n 's|.*http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$log")
    [ -n "$PORT" ] && break
    sleep 0.1
  done
  [ -n "$PORT" ] || { cat "$log" >&2; echo "bench_query.sh: the server did not start" >&2; exit 1; }
}
start_server --answer-cache 0
uncached_port=$PORT
start_server
cached_port=$PORT
LOG=${LOGS[0]}
port=$uncached_port

"$BIN/kavosh-bench-query" --kavosh-db "$CACHE/kavosh" --xapian-db "$CACHE/xapian" --topics "$topics" \
  --rounds "$ROUNDS" --url "http://127.0.0.1:$port"

if command -v wrk >/dev/null; then
  # Every connection walks through the same query list.
  {
    echo "paths = {"
    "$BIN/kavosh-bench-query" --kavosh-db "$CACHE/kavosh" --xapian-db "$CACHE/xapian" \
      --topics "$topics" --print-paths | sed 's|.*|  "&",|'
    echo "}"
    echo 'counter = 0'
    echo 'request = function() counter = counter + 1; return wrk.format("GET", paths[counter % #paths + 1]) end'
  } > "$LOG.lua"
  echo
  for server in "every request searched (--answer-cache 0):$uncached_port" \
                "as deployed (repeated requests answered from the cache of answers):$cached_port"; do
    for c in 16 64; do
      echo "wrk, $c connections, 2 threads, 20 s, /api/search over the same queries, ${server%:*}:"
      wrk -t 2 -c "$c" -d 20s --latency -s "$LOG.lua" "http://127.0.0.1:${server##*:}" |
        grep -E '^ +(50|99)%|Requests/sec|Socket errors|Non-2xx|requests in'
    done
  done
else
  echo
  echo "bench_query.sh: wrk is not installed (apt-get install wrk): no figures under load"
fi
