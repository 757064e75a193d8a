#!/usr/bin/env bash
# Runs one libFuzzer target at low priority: replays its seed corpora, then fuzzes for SECONDS,
# adding new inputs to CORPUS (kept between runs) and writing any crashing input beside it in
# CORPUS/../crashes/. With --ci (CTest), CORPUS starts empty and the random seed is fixed, so
# that every CI run tries the same inputs first. Its dictionary is dicts/<target>.dict when there
# is one. Used by CTest (tests/fuzz/CMakeLists.txt) and `make fuzz`.
#   run_fuzzer.sh FUZZER CORPUS SECONDS [SEED_DIR...] [--ci]
set -euo pipefail
fuzzer=$1 corpus=$2 seconds=$3
shift 3
here=$(cd "$(dirname "$0")" && pwd)
name=$(basename "$fuzzer")
name=${name#fuzz_}

seeds=()
ci=()
for arg in "$@"; do
  if [ "$arg" = --ci ]; then
    rm -rf "$corpus"
    ci=(-seed=1)
  elif [ -d "$arg" ]; then
    seeds+=("$arg")
  fi
done
crashes=$(dirname "$corpus")/crashes
mkdir -p "$corpus" "$crashes"

# Inputs larger than this are not generated (the seeds are cut to it).
case $name in
  query) max_len=512 ;;
  analyzer) max_len=4096 ;;
  *) max_len=16384 ;;
esac
options=("${ci[@]}" -max_total_time="$seconds" -timeout=30 -rss_limit_mb=2560 -max_len="$max_len"
         -print_final_stats=1 -artifact_prefix="$crashes/$name-")
dict=$name
[ "$name" = snippets ] && dict=query  # its input starts with a query
if [ -f "$here/dicts/$dict.dict" ]; then
  options+=(-dict="$here/dicts/$dict.dict")
fi

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
exec nice -n 19 "$fuzzer" "${options[@]}" "$corpus" "${seeds[@]}"
