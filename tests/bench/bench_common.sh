# Sourced by the query benchmarks (bench_query.sh, bench_shards.sh): their common flags, the
# shared corpora they read, and the programs they need.
#
#   bench_parse "$@"        --rounds R, --corpora DIR, --build DIR; any other flag goes to the
#                           script's bench_extra_option FLAG VALUE, if it has one (it returns 1
#                           for a flag it does not know either)
#   bench_prepare TOOL...   sets BUILD (absolute), BIN, inputs and topics; prints SKIPPED and
#                           exits 0 when the corpora are absent, fails when a TOOL is not built
BENCH=$(basename "$0")
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
ROUNDS=3
CORPORA=$ROOT/../shared/corpora
BUILD=${BUILD:-build}

bench_parse() {
  while [ $# -gt 0 ]; do
    case $1 in
      --rounds) ROUNDS=${2:?--rounds needs a number}; shift 2 ;;
      --corpora) CORPORA=${2:?--corpora needs a folder}; shift 2 ;;
      --build) BUILD=${2:?--build needs a folder}; shift 2 ;;
      *)
        if declare -F bench_extra_option >/dev/null && bench_extra_option "$1" "${2:-}"; then
          shift 2
        else
          echo "$BENCH: unknown option $1" >&2
          exit 2
        fi ;;
    esac
  done
}

bench_prepare() {
  case $BUILD in /*) ;; *) BUILD=$ROOT/$BUILD ;; esac
  BIN=$BUILD/bin
  if [ ! -d "$CORPORA/hamshahri" ]; then
    echo "$BENCH: SKIPPED: $CORPORA is absent"
    exit 0
  fi
  local tool
  for tool in "$@"; do
    [ -x "$BIN/$tool" ] || { echo "$BENCH: $BIN/$tool is missing (make build)" >&2; exit 1; }
  done
  # The JSON arrays are named one by one: a folder is read as a folder of plain-text articles.
  inputs=("$CORPORA/iranian-news/iranian_news.jsonl" "$CORPORA"/fars-varzesh3/*.json
          "$CORPORA/hamshahri/docs" "$CORPORA/seed")
  topics=$CORPORA/hamshahri/topics-dev.tsv
}
