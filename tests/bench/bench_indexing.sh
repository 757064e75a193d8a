#!/usr/bin/env bash
# Indexing benchmark (`make bench`): not a test, a program that prints figures.
#
# Indexes all of ../shared/corpora (iranian-news/*.jsonl, fars-varzesh3/*.json,
# hamshahri/docs, seed/*.txt) with kavosh-index (its default, and --jobs 1 and
# --jobs 2 when it has that flag) and with kavosh-bench-baseline (plain Xapian:
# TermGenerator, no Persian analysis, positions kept, default batch, one
# writer; and once more with 300-document batches and each record stored as
# document data, Xapian's fastest single writer) reading the same inputs
# through the same readers, each under
# /usr/bin/time -v, and prints one Markdown table: docs, input MB, wall seconds,
# CPU seconds (user + system), docs/s, MB/s, peak RSS MB, index size MB and
# size after xapian-compact. MB are 10^6 bytes, as in kavosh-index's summary;
# rates are over wall time: on a busy machine compare CPU seconds too.
#
#   tests/bench/bench_indexing.sh [--scale N] [--runs R] [--corpora DIR] [--build DIR]
#
# --runs R runs everything R times and shows the run of median wall time.
# --scale N also indexes N copies of the corpora (kavosh-bench-scale: new unique
# ids, one JSON lines file) to show whether memory stays flat as input grows.
# Last, kavosh-bench-replay times Xapian alone writing the documents that
# kavosh-index built (held in memory, 2 shards and the merge): the floor under
# kavosh-index's time.
# Everything is written under a mktemp directory, removed on exit. Prints
# SKIPPED and exits 0 when the corpora are absent.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BUILD_DIR=${BUILD:-build}
CORPORA=${KAVOSH_CORPORA:-$ROOT/../shared/corpora}
SCALE=0
RUNS=1

usage() { sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; }
while [[ $# -gt 0 ]]; do
  case $1 in
    --scale) SCALE=${2:?--scale needs a number}; shift 2 ;;
    --runs) RUNS=${2:?--runs needs a number}; shift 2 ;;
    --corpora) CORPORA=${2:?--corpora needs a folder}; shift 2 ;;
    --build) BUILD_DIR=${2:?--build needs a folder}; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    *) echo "bench_indexing.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
[[ $SCALE =~ ^[0-9]+$ ]] || { echo "bench_indexing.sh: --scale takes a whole number" >&2; exit 2; }
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || { echo "bench_indexing.sh: --runs takes a number from 1" >&2; exit 2; }
[[ $BUILD_DIR = /* ]] || BUILD_DIR=$ROOT/$BUILD_DIR
BIN=$BUILD_DIR/bin

if [[ ! -d $CORPORA ]]; then
  echo "SKIPPED: no shared corpora at $CORPORA"
  exit 0
fi
for tool in kavosh-index kavosh-bench-baseline kavosh-bench-scale kavosh-bench-replay; do
  [[ -x $BIN/$tool ]] || { echo "bench_indexing.sh: $BIN/$tool is missing: build first" >&2; exit 1; }
done
[[ -x /usr/bin/time ]] || { echo "bench_indexing.sh: /usr/bin/time is missing (apt-get install time)" >&2; exit 1; }
for tool in xapian-compact xapian-delve; do
  command -v $tool >/dev/null || { echo "bench_indexing.sh: $tool is missing (apt-get install xapian-tools)" >&2; exit 1; }
done

inputs=()
for f in "$CORPORA"/iranian-news/*.jsonl "$CORPORA"/fars-varzesh3/*.json; do
  [[ -f $f ]] && inputs+=("$f")
done
[[ -d $CORPORA/hamshahri/docs ]] && inputs+=("$CORPORA/hamshahri/docs")
for f in "$CORPORA"/seed/*.txt; do
  [[ -f $f ]] && inputs+=("$f")
done
if [[ ${#inputs[@]} -eq 0 ]]; then
  echo "SKIPPED: no known corpus under $CORPORA"
  exit 0
fi

TMP=$(mktemp -d "${TMPDIR:-/tmp}/kavosh-bench.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

help=$("$BIN/kavosh-index" --help)
has_flag() { grep -q -- "$1" <<<"$help"; }
index_variants=("")
if has_flag --jobs; then index_variants=("" "--jobs 1" "--jobs 2"); fi

# Bytes in the files of the given paths (folders recursively).
input_bytes() { find -L "$@" -type f -printf '%s\n' | awk '{s += $1} END {printf "%d", s}'; }
mb() { awk -v b="$1" 'BEGIN {printf "%.1f", b / 1e6}'; }

rows=()
notes=()

# measure_once LABEL INPUT_BYTES COMMAND... : runs COMMAND, in which the word
# @DB@ stands for a fresh database path, under /usr/bin/time -v; sets SECS
# (wall), ROW (a table row) and NOTE.
measure_once() {
  local label=$1 bytes=$2
  shift 2
  local dir db timef logf rc=0 arg
  dir=$(mktemp -d "$TMP/run.XXXXXX") # also holds what the indexer keeps beside the database
  db=$dir/db timef=$dir/time.txt logf=$dir/log.txt
  local command=()
  for arg in "$@"; do command+=("${arg//@DB@/$db}"); done
  /usr/bin/time -v -o "$timef" "${command[@]}" >"$logf" 2>&1 || rc=$?
  # kavosh-index exits 3 when it skipped bad records: still a complete run.
  if [[ $rc -ne 0 && $rc -ne 3 ]]; then
    SECS=0
    ROW="| $label | FAILED (exit $rc) | | | | | | | | |"
    NOTE="$label failed; last lines of its output:"$'\n'"$(tail -n 5 "$logf" | sed 's/^/    /')"
    rm -rf "$dir"
    return
  fi
  local cpu rss_kb docs size compact
  SECS=$(awk -F': ' '/Elapsed \(wall clock\)/ {
           n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$timef")
  cpu=$(awk -F': ' '/^\t(User|System) time/ {s += $2} END {print s}' "$timef")
  rss_kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$timef")
  docs=$(xapian-delve "$db" 2>/dev/null | awk -F' = ' '/^number of documents/ {print $2}')
  size=$(du -sb "$db" | cut -f1)
  if xapian-compact "$db" "$db.compact" >/dev/null 2>&1; then
    compact=$(mb "$(du -sb "$db.compact" | cut -f1)")
  else
    compact="n/a"
  fi
  ROW=$(awk -v label="$label" -v docs="${docs:-0}" -v bytes="$bytes" -v secs="$SECS" \
      -v cpu="$cpu" -v rss="$rss_kb" -v size="$size" -v compact="$compact" 'BEGIN {
      if (secs <= 0) secs = 0.01
      printf "| %s | %d | %.1f | %.1f | %.1f | %.0f | %.2f | %.0f | %.1f | %s |", label, docs,
        bytes / 1e6, secs, cpu, docs / secs, bytes / 1e6 / secs, rss * 1024 / 1e6, size / 1e6, compact
    }')
  # The program's own summary (its last lines that carry its name), without the name.
  NOTE=$(grep -E '^(kavosh-index|kavosh-bench-baseline): ' "$logf" | grep -v ': warning' |
    tail -n 2 | sed -E 's/^[a-z-]+: //' || true)
  NOTE="$label: $NOTE"
  rm -rf "$dir"
}

# measure LABEL INPUT_BYTES COMMAND... : RUNS runs; the row of the median
# wall time goes into the table.
measure() {
  local i runs_file=$TMP/runs.txt all=""
  : >"$runs_file"
  for ((i = 0; i < RUNS; i++)); do
    measure_once "$@"
    printf '%s\t%s\t%s\n' "$SECS" "$ROW" "${NOTE//$'\n'/ }" >>"$runs_file"
    all+=" $SECS"
  done
  local median
  median=$(sort -t $'\t' -k1,1g "$runs_file" | sed -n "$(((RUNS + 1) / 2))p")
  rows+=("$(cut -f2 <<<"$median")")
  notes+=("$(cut -f3 <<<"$median")")
  [[ $RUNS -gt 1 ]] && notes+=("  (wall seconds of the $RUNS runs:$all)")
  return 0
}

# bench_set TITLE PATHS... : every variant on the same inputs.
bench_set() {
  local title=$1
  shift
  local bytes
  bytes=$(input_bytes "$@")
  find -L "$@" -type f -exec cat {} + >/dev/null # warm the page cache for every run alike
  rows=()
  notes=()
  local variant
  for variant in "${index_variants[@]}"; do
    # shellcheck disable=SC2086  # the variant is a list of flags
    measure "kavosh-index${variant:+ $variant}" "$bytes" "$BIN/kavosh-index" --db @DB@ $variant "$@"
  done
  measure "plain Xapian baseline" "$bytes" "$BIN/kavosh-bench-baseline" --db @DB@ "$@"
  # Xapian at its fastest on one core, for reference: small batches, and the records stored
  # as document data as kavosh-index stores its articles.
  measure "plain Xapian, 300-document batches, records stored" "$bytes" \
    env XAPIAN_FLUSH_THRESHOLD=300 "$BIN/kavosh-bench-baseline" --data --db @DB@ "$@"

  # The floor: Xapian alone writing the documents kavosh-index built (loaded into memory first;
  # 2 shards and the merge, timed by the program itself).
  # --minimal: only words with positions, stems and the stored article.
  local floor="" minimal=""
  rm -rf "$TMP/floor"
  mkdir -p "$TMP/floor"
  if "$BIN/kavosh-index" --db "$TMP/floor/source" -q "$@" >/dev/null 2>&1 || [[ $? -eq 3 ]]; then
    floor=$("$BIN/kavosh-bench-replay" --from "$TMP/floor/source" --work "$TMP/floor/work" \
      --jobs 2 2>&1 | tail -n 1 | sed 's/^kavosh-bench-replay: //' || true)
    rm -rf "$TMP/floor/work"
    minimal=$("$BIN/kavosh-bench-replay" --from "$TMP/floor/source" --work "$TMP/floor/work" \
      --jobs 2 --minimal 2>&1 | tail -n 1 | sed 's/^kavosh-bench-replay: //' || true)
  fi
  rm -rf "$TMP/floor"

  echo
  echo "### $title"
  echo
  echo "| run | docs | input MB | seconds | CPU s | docs/s | MB/s | peak RSS MB | index MB | compacted MB |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  printf '%s\n' "${rows[@]}"
  echo
  printf '%s\n' "${notes[@]}"
  [[ -n $floor ]] && echo "Xapian alone (kavosh-bench-replay, kavosh-index's documents held in memory): $floor"
  [[ -n $minimal ]] && echo "Xapian alone, only words with positions, stems and the stored article: $minimal"
  return 0
}

echo "Kavosh indexing benchmark, $(date -u '+%Y-%m-%d %H:%M UTC'), commit" \
  "$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$ROOT" diff --quiet HEAD 2>/dev/null || echo '+changes')," \
  "$(nproc) cores (load average $(cut -d' ' -f1-3 /proc/loadavg) at start)," \
  "$(xapian-delve --version | sed 's/^delve - //')"
echo "Inputs: ${inputs[*]#"$CORPORA/"} (under $CORPORA)"

bench_set "Shared corpora (1x)" "${inputs[@]}"

if [[ $SCALE -gt 1 ]]; then
  scaled=$TMP/corpus-${SCALE}x.jsonl
  "$BIN/kavosh-bench-scale" --copies "$SCALE" -o "$scaled" "${inputs[@]}" 2>"$TMP/scale.log" || {
    cat "$TMP/scale.log" >&2
    exit 1
  }
  bench_set "Shared corpora x$SCALE (kavosh-bench-scale: one JSON lines file, new ids per copy)" "$scaled"
  rm -f "$scaled"
fi
