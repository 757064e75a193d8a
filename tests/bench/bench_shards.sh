#!/usr/bin/env bash
# make bench-shards: search latency on one database beside the same articles split into 2 and 3
# shards (kavosh-index --shard K/N), local and served by xapian-tcpsrv on loopback (issue 16,
# docs/deploy.md). Not a test: prints figures.
#
#   tests/bench/bench_shards.sh [--rounds R] [--corpora DIR] [--build DIR]
#
# Builds, once per kavosh-index binary (cached in BUILD/bench-shards/), the shared corpora as one
# database and as 2 and 3 parts, starts one xapian-tcpsrv per part on a free loopback port, and
# runs kavosh-bench-shards over the Hamshahri dev topics as given and respelled. Prints SKIPPED
# when the corpora are absent.
set -euo pipefail
# shellcheck source=tests/bench/bench_common.sh
. "$(dirname "$0")/bench_common.sh"
bench_parse "$@"
bench_prepare kavosh-index kavosh-bench-shards

command -v xapian-tcpsrv >/dev/null || {
  echo "bench_shards.sh: xapian-tcpsrv is missing (apt-get install xapian-tools)" >&2; exit 1; }
CACHE=$BUILD/bench-shards
stamp="$(md5sum < "$BIN/kavosh-index" | cut -d' ' -f1) ${inputs[*]}"
if [ "$(cat "$CACHE/stamp" 2>/dev/null)" != "$stamp" ]; then
  rm -rf "$CACHE"
  mkdir -p "$CACHE"
  echo "bench_shards.sh: building one database and 2 and 3 parts (once for this kavosh-index)..."
  "$BIN/kavosh-index" --db "$CACHE/whole" --quiet "${inputs[@]}" >"$CACHE/index.log" 2>&1
  for n in 2 3; do
    for k in $(seq 1 "$n"); do
      "$BIN/kavosh-index" --db "$CACHE/p$n-$k" --shard "$k/$n" --quiet "${inputs[@]}" \
        >>"$CACHE/index.log" 2>&1
    done
  done
  echo "$stamp" > "$CACHE/stamp"
fi

# One xapian-tcpsrv per part, each on a free loopback port and in a session of its own: on
# SIGTERM, xapian-tcpsrv signals its whole process group (to end its forked children), which
# would otherwise be this script's and make's.
PIDS=()
trap 'for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done' EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
declare -A SPEC
for part in p2-1 p2-2 p3-1 p3-2 p3-3; do
  port=$(free_port)
  setsid xapian-tcpsrv --port "$port" --interface 127.0.0.1 --quiet "$CACHE/$part" \
    >/dev/null 2>&1 &
  PIDS+=($!)
  SPEC[$part]=tcp://127.0.0.1:$port
done
for part in "${!SPEC[@]}"; do  # until each answers
  port=${SPEC[$part]##*:}
  for _ in $(seq 1 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
    sleep 0.1
  done
done

"$BIN/kavosh-bench-shards" --topics "$topics" --rounds "$ROUNDS" \
  --config "one database=$CACHE/whole" \
  --config "2 local shards (one process)=$CACHE/p2-1,$CACHE/p2-2" \
  --config "2 xapian-tcpsrv shards (loopback)=${SPEC[p2-1]},${SPEC[p2-2]}" \
  --config "3 local shards (one process)=$CACHE/p3-1,$CACHE/p3-2,$CACHE/p3-3" \
  --config "3 xapian-tcpsrv shards (loopback)=${SPEC[p3-1]},${SPEC[p3-2]},${SPEC[p3-3]}"
