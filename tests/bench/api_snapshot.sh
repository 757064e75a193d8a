#!/usr/bin/env bash
# API snapshot: proves that a refactor changes no byte of the JSON API (issue 13).
#
# Sends a fixed, deterministic list of real requests (at least 400) to
# kavosh-server and writes every response body to OUT_DIR, so that two builds
# can be compared byte for byte with tests/bench/api_snapshot_diff.sh:
#
#   tests/bench/api_snapshot.sh BIN_DIR OUT_DIR [--db DB_DIR]
#   tests/bench/api_snapshot_diff.sh OLD_OUT_DIR NEW_OUT_DIR
#
# 1. Without --db, indexes ../shared/corpora (beside the repository:
#    iranian-news/iranian_news.jsonl, fars-varzesh3/*.json, hamshahri/docs,
#    seed/*.txt) with BIN_DIR/kavosh-index --jobs 2 into a temporary
#    directory, removed on exit. With --db DB_DIR: an existing database there
#    is reused as it is; a missing one is built there by BIN_DIR/kavosh-index
#    and kept (a database is refused by binaries of another schema version:
#    give each build its own). The number of shards is fixed (2) so that the
#    database, hence the order of ties, does not depend on the machine.
#    Prints SKIPPED and exits 0 when ../shared/corpora is absent.
# 2. Starts BIN_DIR/kavosh-server on 127.0.0.1 and a free port, waits for
#    /healthz.
# 3. Requests, with curl over loopback, each bounded in time: /api/stats,
#    /healthz, the 25 Hamshahri dev topics (as given and respelled with
#    Persian yeh/kaf), words and 2-4 word pieces of every Nth headline of
#    iranian-news, fars, varzesh3 and hamshahri, the query syntax (phrases,
#    -word, OR, parentheses, word*, title:, source:), the parameters (page,
#    per_page, snippet_len, snippets, sort, facets, source, category, from/to
#    in ISO and Solar Hijri dates, collapse), the empty query, errors, 30
#    /api/suggest prefixes, then /api/doc/{id} and /api/doc/{id}/similar for
#    ids taken from the hits of the first responses (and of hits with
#    near-duplicates). Writes OUT_DIR/NNNN.json (the body as sent, but for
#    the text "took_ms":<number>, which is timing) and OUT_DIR/requests.txt
#    (NNNN, HTTP status, Content-Type and path, tab-separated, in order).
#    Every request is derived from the corpora or from earlier responses,
#    never from the clock, so two runs over one database are identical.
# 4. Measures the latency of the search requests that answered 200 (Python
#    http.client over one keep-alive connection: one warm-up pass, then 3
#    timed passes) and prints p50/p90/p99, the indexing time and the
#    database size. These figures go to standard output and to
#    OUT_DIR/metrics.txt, which the diff ignores.
#
# Needs curl and python3. Loopback only. KAVOSH_CORPORA overrides the corpora
# folder. Exit status: 0 when every request got an answer, 1 otherwise.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
CORPORA=${KAVOSH_CORPORA:-$ROOT/../shared/corpora}
INDEX_JOBS=2
REQUEST_SECONDS=60 # upper bound on one request

usage() { sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; }
BIN_DIR="" OUT_DIR="" DB_ARG=""
while [[ $# -gt 0 ]]; do
  case $1 in
    --db) DB_ARG=${2:?--db needs a directory}; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    -*) echo "api_snapshot.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
    *)
      if [[ -z $BIN_DIR ]]; then BIN_DIR=$1
      elif [[ -z $OUT_DIR ]]; then OUT_DIR=$1
      else echo "api_snapshot.sh: too many arguments (see --help)" >&2; exit 2
      fi
      shift ;;
  esac
done
[[ -n $BIN_DIR && -n $OUT_DIR ]] || { usage >&2; exit 2; }

if [[ ! -d $CORPORA ]]; then
  echo "SKIPPED: no shared corpora at $CORPORA"
  exit 0
fi
CORPORA=$(cd "$CORPORA" && pwd)
for tool in kavosh-index kavosh-server; do
  [[ -x $BIN_DIR/$tool ]] || { echo "api_snapshot.sh: $BIN_DIR/$tool is missing: build first" >&2; exit 1; }
done
for tool in curl python3; do
  command -v $tool >/dev/null || { echo "api_snapshot.sh: $tool is missing" >&2; exit 1; }
done
BIN_DIR=$(cd "$BIN_DIR" && pwd)
if [[ -e $OUT_DIR && -n $(ls -A "$OUT_DIR" 2>/dev/null) ]]; then
  echo "api_snapshot.sh: $OUT_DIR exists and is not empty: give a new folder" >&2
  exit 1
fi
mkdir -p "$OUT_DIR"
OUT_DIR=$(cd "$OUT_DIR" && pwd)

TMP=$(mktemp -d "${TMPDIR:-/tmp}/kavosh-snapshot.XXXXXX")
SERVER_PID=""
# shellcheck disable=SC2317  # called by the EXIT trap
cleanup() {
  if [[ -n $SERVER_PID ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

metrics=$OUT_DIR/metrics.txt
say() { echo "$*" | tee -a "$metrics"; }
say "Kavosh API snapshot, $(date -u '+%Y-%m-%d %H:%M UTC'), binaries $BIN_DIR," \
  "$(nproc) cores (load average $(cut -d' ' -f1-3 /proc/loadavg) at start)"

# --- 1. the database ---------------------------------------------------------
INDEX_SECONDS=""
if [[ -n $DB_ARG && -d $DB_ARG && -n $(ls -A "$DB_ARG" 2>/dev/null) ]]; then
  DB=$(cd "$DB_ARG" && pwd)
  say "database: reusing $DB (not indexed in this run)"
else
  if [[ -n $DB_ARG ]]; then
    [[ -d $DB_ARG ]] && rmdir "$DB_ARG" # an empty folder: kavosh-index creates it
    mkdir -p "$(dirname "$DB_ARG")"
    DB=$(cd "$(dirname "$DB_ARG")" && pwd)/$(basename "$DB_ARG")
  else
    DB=$TMP/db
  fi
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
  say "indexing ${inputs[*]#"$CORPORA/"} (under $CORPORA) into $DB"
  start=$(date +%s.%N)
  rc=0
  "$BIN_DIR/kavosh-index" --db "$DB" --jobs "$INDEX_JOBS" -q "${inputs[@]}" >"$TMP/index.log" 2>&1 || rc=$?
  end=$(date +%s.%N)
  # Exit 3: some records were skipped (the corpora have a few bad ones): still a complete run.
  if [[ $rc -ne 0 && $rc -ne 3 ]]; then
    echo "api_snapshot.sh: kavosh-index failed (exit $rc):" >&2
    tail -n 20 "$TMP/index.log" >&2
    exit 1
  fi
  INDEX_SECONDS=$(awk -v s="$start" -v e="$end" 'BEGIN {printf "%.1f", e - s}')
  grep -E '^kavosh-index: read|^  time:' "$TMP/index.log" | sed 's/^/  /' | tee -a "$metrics" || true
  say "indexing time: $INDEX_SECONDS s wall (--jobs $INDEX_JOBS, exit $rc)"
fi
DB_BYTES=$(du -sb "$DB" | cut -f1)
say "database size: $DB_BYTES bytes ($(du -sh "$DB" | cut -f1), du)"

# --- 2. the server -----------------------------------------------------------
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
BASE=http://127.0.0.1:$PORT
"$BIN_DIR/kavosh-server" --db "$DB" --host 127.0.0.1 --port "$PORT" -q >"$TMP/server.log" 2>&1 &
SERVER_PID=$!
for ((i = 0; ; i++)); do
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    echo "api_snapshot.sh: kavosh-server exited:" >&2
    cat "$TMP/server.log" >&2
    exit 1
  fi
  curl -sf --max-time 2 "$BASE/healthz" >/dev/null 2>&1 && break
  if [[ $i -ge 600 ]]; then
    echo "api_snapshot.sh: kavosh-server did not answer /healthz within 60 s" >&2
    exit 1
  fi
  sleep 0.1
done

# --- 3. the requests ---------------------------------------------------------
# The request lists come from this Python program (standard library only).
cat >"$TMP/requests.py" <<'PYTHON'
"""Request lists and latency loop of api_snapshot.sh (see there)."""
import glob
import http.client
import json
import os
import sys
import time
import urllib.parse

PUNCT = "«»\"'()[]{}:;؛،,.!?؟/\\-–—|…*+“”٬٫%#@&=<>"
ZWNJ = "\u200c"


def enc(value):
    return urllib.parse.quote(value, safe="")


def search(*pairs):
    """A search path; pairs of (name, value), in the order given."""
    return "/api/search?" + "&".join(f"{k}={enc(v)}" for k, v in pairs)


def every(items, count):
    """count items spread evenly over items (every Nth), deterministic."""
    if not items:
        return []
    step = max(1, len(items) // count)
    return items[::step][:count]


def words_of(text):
    out = []
    for raw in text.split():
        w = raw.strip(PUNCT + ZWNJ + "\u200f\u200e")
        if len(w) >= 2 and any(c.isalpha() for c in w) and w.upper() != "OR":
            out.append(w)
    return out


def persian(text):
    return text.replace("ي", "ی").replace("ك", "ک")


def arabic(text):
    return text.replace("ی", "ي").replace("ک", "ك")


def read_titles(corpora):
    """Deterministic headline samples of each corpus: lists of titles."""
    titles = {}
    ir = []
    path = os.path.join(corpora, "iranian-news", "iranian_news.jsonl")
    if os.path.isfile(path):
        with open(path, encoding="utf-8") as f:
            for line in f:
                try:
                    t = str(json.loads(line).get("title", "")).strip()
                except ValueError:
                    continue
                if t and t != "nan" and len(words_of(t)) >= 3:
                    ir.append(t)
    titles["iranian-news"] = every(ir, 40)
    for name in ("fars-news", "varzesh3"):
        ts = []
        for path in sorted(glob.glob(os.path.join(corpora, "fars-varzesh3", name + "-*.json"))):
            with open(path, encoding="utf-8") as f:
                for rec in json.load(f):
                    t = str(rec.get("title", "")).strip()
                    if t and len(words_of(t)) >= 3:
                        ts.append(t)
        titles[name] = every(ts, 20)
    ham = []
    files = sorted(glob.glob(os.path.join(corpora, "hamshahri", "docs", "*", "*.ham")))
    for path in every(files, 15):
        with open(path, encoding="utf-8", errors="replace") as f:
            for line in f:
                if len(words_of(line)) >= 3:
                    ham.append(line.strip())
                    break
    titles["hamshahri"] = ham
    return titles


def topics(corpora):
    out = []
    path = os.path.join(corpora, "hamshahri", "topics-dev.tsv")
    if os.path.isfile(path):
        with open(path, encoding="utf-8") as f:
            for line in f:
                parts = line.rstrip("\n").split("\t", 1)
                if len(parts) == 2 and parts[1].strip():
                    out.append(parts[1].strip())
    return out


def first_list(corpora, stats_file):
    """Every request that does not depend on earlier answers, in order."""
    with open(stats_file, encoding="utf-8") as f:
        stats = json.load(f)
    sources = [s["value"] for s in stats.get("sources", [])]
    reqs = ["/api/stats", "/healthz"]

    tops = topics(corpora)
    tops_fa = [persian(t) for t in tops]
    reqs += [search(("q", t)) for t in tops]
    reqs += [search(("q", t)) for t in tops_fa]

    titles = read_titles(corpora)
    all_titles = [t for name in ("iranian-news", "fars-news", "varzesh3", "hamshahri") for t in titles[name]]
    pieces = []  # 2-4 word pieces, reused below with parameters
    singles = []
    for k, t in enumerate(all_titles):
        ws = words_of(t)
        longest = max(ws, key=len)  # the first of the longest
        n = min(len(ws), 2 + k % 3)
        start = k % (len(ws) - n + 1)
        piece = " ".join(ws[start:start + n])
        singles.append(longest)
        pieces.append(piece)
        reqs.append(search(("q", longest)))
        reqs.append(search(("q", piece)))
    # a few whole headlines, as a reader pastes them
    reqs += [search(("q", t)) for t in every(all_titles, 10)]

    # the query syntax
    tw = [words_of(t) for t in all_titles]
    for k, ws in enumerate(every(tw, 15)):
        reqs.append(search(("q", '"' + " ".join(ws[:2]) + '"')))
    for ws in every(tw[3:], 5):
        reqs.append(search(("q", "«" + " ".join(ws[:3]) + "»")))
    for ws in every(tw[1:], 10):
        reqs.append(search(("q", ws[0] + " -" + ws[1])))
    for ws in every(tw[2:], 10):
        reqs.append(search(("q", ws[0] + " OR " + ws[-1])))
    for ws in every(tw[4:], 5):
        reqs.append(search(("q", "(" + ws[0] + " OR " + ws[1] + ") " + ws[2])))
    long_words = [w for w in singles if len(w) >= 5]
    for w in every(long_words, 10):
        reqs.append(search(("q", w[:3] + "*")))
    for w in every(long_words[1:], 3):
        reqs.append(search(("q", w[:4] + "* " + w)))
    for w in every(singles, 10):
        reqs.append(search(("q", "title:" + w)))
    reqs.append(search(("q", "عنوان:" + singles[0])))
    reqs.append(search(("q", 'title:"' + pieces[0] + '"')))
    for k, s in enumerate(sources[:8]):
        value = s if " " not in s else '"' + s + '"'
        reqs.append(search(("q", "source:" + value + " " + tops_fa[k % len(tops_fa)])))
    if sources:
        reqs.append(search(("q", "منبع:" + sources[0].split()[0])))
        reqs.append(search(("q", "source:" + sources[-1].split()[0])))
    # typos (a dropped letter, a swap): "did you mean"
    for w in every(long_words[2:], 10):
        reqs.append(search(("q", w[:2] + w[3:])))
    for w in every(long_words[5:], 4):
        reqs.append(search(("q", w[:1] + w[2] + w[1] + w[3:])))
    # spellings: Arabic letters, ZWNJ as space or removed, Persian digits
    for t in every(titles["iranian-news"], 5):
        reqs.append(search(("q", arabic(" ".join(words_of(t)[:3])))))
    zw = [t for t in all_titles if ZWNJ in t]
    for t in every(zw, 5):
        w = next(w for w in words_of(t) if ZWNJ in w) if any(ZWNJ in w for w in words_of(t)) else words_of(t)[0]
        reqs.append(search(("q", w.replace(ZWNJ, " "))))
        reqs.append(search(("q", w.replace(ZWNJ, ""))))
    reqs.append(search(("q", "۱۳۹۸")))
    reqs.append(search(("q", "1398")))
    reqs.append(search(("q", "کرونا ۲۰۲۰")))
    reqs.append(search(("q", "COVID")))
    reqs.append(search(("q", "Iran")))
    # lenient syntax: stray quotes, parentheses, lone operators
    reqs.append(search(("q", '"' + tops_fa[0])))
    reqs.append(search(("q", "(" + tops_fa[1])))
    reqs.append(search(("q", "- " + tops_fa[2])))
    reqs.append(search(("q", "OR")))
    reqs.append(search(("q", "*")))
    reqs.append(search(("q", "   ")))

    # parameters, each over a few real queries
    base = tops_fa[:10] + pieces[::12]
    months_iso = [("2020-01-01", "2020-01-31"), ("2019-11-01", "2019-12-15"), ("2020-03-20", "2020-06-30")]
    param_sets = [
        [("page", "2")],
        [("page", "3"), ("per_page", "5")],
        [("per_page", "5")],
        [("per_page", "20")],
        [("per_page", "100")],
        [("snippet_len", "100")],
        [("snippet_len", "400")],
        [("snippet_len", "50"), ("snippets", "2")],
        [("snippets", "3")],
        [("snippets", "3"), ("snippet_len", "400"), ("per_page", "5")],
        [("sort", "newest")],
        [("sort", "oldest")],
        [("sort", "recent")],
        [("sort", "relevance")],
        [("facets", "source,category,month")],
        [("facets", "source")],
        [("facets", "month"), ("sort", "newest")],
        [("collapse", "0")],
        [("collapse", "0"), ("facets", "source,category,month"), ("per_page", "20")],
        [("collapse", "1"), ("sort", "recent"), ("page", "2")],
        [("from", months_iso[0][0]), ("to", months_iso[0][1])],
        [("from", months_iso[1][0])],
        [("to", months_iso[2][0]), ("sort", "oldest")],
        [("from", "1399/01/01")],
        [("from", "1398/10/01"), ("to", "1398/12/29")],
        [("from", "۱۳۹۸/۰۹/۰۱"), ("to", "۱۳۹۸/۰۹/۳۰")],
        [("from", "1382-01-01"), ("to", "1384-12-29")],
        [("from", "2020-02-01T08:00:00"), ("to", "2020-02-02 20:00")],
        [("category", "ورزشی")],
        [("category", "سياسي")],
        [("page", "1000")],
        [("q2", "ignored"), ("per_page", "3")],
    ]
    for k, params in enumerate(param_sets):
        for j in (k, k + 7):
            reqs.append(search(("q", base[j % len(base)]), *params))
    # source filters: every source of /api/stats, with and without a query
    for k, s in enumerate(sources):
        reqs.append(search(("q", ""), ("source", s), ("sort", "newest"), ("per_page", "5")))
        reqs.append(search(("q", tops_fa[(k + 3) % len(tops_fa)]), ("source", s), ("facets", "category,month")))
    if len(sources) >= 2:
        reqs.append(search(("q", tops_fa[4]), ("source", sources[0]), ("source", sources[1])))
        reqs.append(search(("q", ""), ("source", arabic(sources[1])), ("source", " " + sources[-1] + " "),
                           ("facets", "source")))
    reqs.append(search(("q", tops_fa[5]), ("source", "no such source")))
    reqs.append(search(("q", tops_fa[5]), ("source", "")))
    # the empty query: listing, with filters, sorts, facets
    reqs.append("/api/search")
    reqs.append(search(("q", "")))
    for params in ([("sort", "newest")], [("sort", "oldest")], [("sort", "recent")], [("page", "2")],
                   [("per_page", "20"), ("collapse", "0")], [("facets", "source,category,month")],
                   [("from", "1399/01/01"), ("to", "1399/01/31")], [("from", "2019-12-01"), ("to", "2019-12-01")],
                   [("from", "1383/01/01"), ("to", "1383/12/29"), ("sort", "oldest")],
                   [("category", "ورزشی"), ("per_page", "5")], [("snippet_len", "100"), ("snippets", "3")],
                   [("page", "1000")]):
        reqs.append(search(("q", ""), *params))
    reqs.append("/api/search?q=&from=1399/01/01&to=1399/02/01")  # slashes unencoded, as typed
    reqs.append("/api/search?q=" + enc(tops_fa[6]).replace("%20", "+"))  # + for space

    # errors
    big = ("تهران " * 272) + "abcdefgh"  # exactly 3,000 bytes
    at_limit = ""
    for w in singles:
        if len((at_limit + " " + w).encode()) > 2000:
            break
        at_limit = (at_limit + " " + w).strip()
    reqs += [
        search(("q", tops_fa[0]), ("page", "0")),
        search(("q", tops_fa[0]), ("page", "1001")),
        search(("q", tops_fa[0]), ("per_page", "x")),
        search(("q", tops_fa[0]), ("per_page", "0")),
        search(("q", tops_fa[0]), ("per_page", "101")),
        search(("q", tops_fa[0]), ("snippet_len", "10")),
        search(("q", tops_fa[0]), ("snippets", "9")),
        search(("q", tops_fa[0]), ("from", "bad")),
        search(("q", tops_fa[0]), ("from", "1404/12/31")),
        search(("q", tops_fa[0]), ("from", "2020-02-30")),
        search(("q", tops_fa[0]), ("from", "2020-02-01"), ("to", "2020-01-01")),
        search(("q", tops_fa[0]), ("sort", "popular")),
        search(("q", tops_fa[0]), ("facets", "author")),
        search(("q", tops_fa[0]), ("collapse", "yes")),
        search(("q", tops_fa[0]), ("q", tops_fa[1])),
        search(("q", tops_fa[0]), ("category", "a"), ("category", "b")),
        search(("q", tops_fa[0]), ("page", "1"), ("page", "2")),
        search(("q", tops_fa[0]), ("source", "x" * 201)),
        search(("q", tops_fa[0]), *[("source", "s%d" % i) for i in range(51)]),
        search(("q", big)),
        search(("q", at_limit)),
        "/api/search?q=%FF",
        "/api/search?q=" + enc(tops_fa[0]) + "%FF",
        "/api/search?q=%D8",
        "/api/nope",
        "/api/",
    ]

    # completions: 30 prefixes of headline words
    sugg = []
    for k, w in enumerate(every(long_words, 20)):
        sugg.append(w[: 2 + k % 4])
    for k, p in enumerate(every(pieces, 5)):
        ws = p.split()
        sugg.append(" ".join(ws[:-1] + [ws[-1][:3]]))
    sugg += [arabic(long_words[0][:4]), "می" + ZWNJ, tops_fa[0] + " ", "ا", ""]
    reqs += ["/api/suggest?q=" + enc(s) for s in sugg[:30]]
    reqs.append("/api/suggest")
    return reqs


def second_list(out_dir, listing):
    """/api/doc requests for ids found in the answers listed in listing (NNNN status type path)."""
    firsts, with_similar, similar_ids = [], [], []
    seen = set()
    with open(listing, encoding="utf-8") as f:
        rows = [line.rstrip("\n").split("\t") for line in f if line.strip()]
    for num, status, _type, path in rows:
        if status != "200" or not path.startswith("/api/search"):
            continue
        try:
            with open(os.path.join(out_dir, num + ".json"), encoding="utf-8") as f:
                hits = json.load(f).get("hits", [])
        except (OSError, ValueError):
            continue
        for i, h in enumerate(hits):
            key = (h.get("id", ""), h.get("source", ""))
            if not key[0]:
                continue
            if i == 0 and len(firsts) < 30 and key not in seen:
                firsts.append(key)
                seen.add(key)
            if h.get("similar_count", 0) > 0 and len(with_similar) < 15 and key not in seen:
                with_similar.append(key)
                seen.add(key)
                for sid in h.get("similar", [])[:1]:
                    if len(similar_ids) < 5 and sid not in [s for s, _ in similar_ids]:
                        similar_ids.append((sid, ""))
    reqs = []
    for k, (doc_id, source) in enumerate(firsts + with_similar):
        # ids are unique within a source only (several agencies number alike): mostly with source=,
        # every third also without it (200, or 409 when the id is ambiguous)
        reqs.append("/api/doc/" + enc(doc_id) + "?source=" + enc(source))
        reqs.append("/api/doc/" + enc(doc_id) + "/similar?source=" + enc(source))
        if k % 3 == 0:
            reqs.append("/api/doc/" + enc(doc_id))
            reqs.append("/api/doc/" + enc(doc_id) + "/similar")
    for doc_id, _ in similar_ids:
        reqs.append("/api/doc/" + enc(doc_id))
    if firsts:
        doc_id, source = firsts[0]
        reqs.append("/api/doc/" + enc(doc_id) + "?source=" + enc("no such source"))
        reqs.append("/api/doc/" + enc(doc_id) + "?source=" + enc(arabic(source)))
        digits = doc_id.translate(str.maketrans("0123456789۰۱۲۳۴۵۶۷۸۹", "۰۱۲۳۴۵۶۷۸۹0123456789"))
        reqs.append("/api/doc/" + enc(digits))
    reqs += ["/api/doc/nope", "/api/doc/nope/similar", "/api/doc/%FF", "/api/doc/%FF/similar",
             "/api/doc/" + enc("~0000000000000000")]
    return reqs


def latency(port, listing, passes):
    """Times the search requests that answered 200 over one keep-alive connection."""
    with open(listing, encoding="utf-8") as f:
        paths = [r[3] for r in (line.rstrip("\n").split("\t") for line in f if line.strip())
                 if r[1] == "200" and r[3].startswith("/api/search")]
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    times = []
    for p in range(passes + 1):  # the first pass warms up
        for path in paths:
            t0 = time.perf_counter()
            conn.request("GET", path)
            resp = conn.getresponse()
            resp.read()
            dt = (time.perf_counter() - t0) * 1000
            if p > 0:
                times.append(dt)
    conn.close()
    times.sort()

    def pct(q):
        return times[min(len(times) - 1, max(0, int(round(q / 100 * len(times))) - 1))]

    print(f"search latency over HTTP keep-alive: {len(paths)} search requests x {passes} passes "
          f"after one warm-up ({len(times)} samples): p50 {pct(50):.1f} ms, p90 {pct(90):.1f} ms, "
          f"p99 {pct(99):.1f} ms, max {times[-1]:.1f} ms, mean {sum(times) / len(times):.1f} ms")


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "first":
        print("\n".join(first_list(sys.argv[2], sys.argv[3])))
    elif cmd == "second":
        print("\n".join(second_list(sys.argv[2], sys.argv[3])))
    elif cmd == "latency":
        latency(int(sys.argv[2]), sys.argv[3], int(sys.argv[4]))
PYTHON

listing=$OUT_DIR/requests.txt
: >"$listing"
count=0
failed=0
# send LIST_FILE: requests every path of LIST_FILE in order, numbering on from $count.
send() {
  local path num w status ctype
  while IFS= read -r path; do
    [[ -n $path ]] || continue
    count=$((count + 1))
    num=$(printf '%04d' "$count")
    w=$(curl -sS -g --path-as-is --connect-timeout 5 --max-time "$REQUEST_SECONDS" \
      -o "$TMP/body" -w '%{http_code}\t%{content_type}' "$BASE$path" 2>"$TMP/curl.err") || {
      failed=$((failed + 1))
      echo "api_snapshot.sh: no answer to request $num ($path): $(head -c 300 "$TMP/curl.err")" >&2
      w=$'000\t'
      : >"$TMP/body"
    }
    status=${w%%$'\t'*}
    ctype=${w#*$'\t'}
    # Timing is the one field that always differs: delete its text, keep every other byte.
    LC_ALL=C sed -E 's/"took_ms":[-+.0-9eE]+,//; s/,"took_ms":[-+.0-9eE]+//' "$TMP/body" >"$OUT_DIR/$num.json"
    printf '%s\t%s\t%s\t%s\n' "$num" "$status" "$ctype" "$path" >>"$listing"
  done <"$1"
}

curl -sS -g --max-time "$REQUEST_SECONDS" -o "$TMP/stats.json" "$BASE/api/stats"
python3 "$TMP/requests.py" first "$CORPORA" "$TMP/stats.json" >"$TMP/first.txt"
send "$TMP/first.txt"
python3 "$TMP/requests.py" second "$OUT_DIR" "$listing" >"$TMP/second.txt"
send "$TMP/second.txt"

statuses=$(cut -f2 "$listing" | sort | uniq -c | awk '{printf "%s%s x %s", sep, $2, $1; sep = ", "}')
say "requests: $count ($(grep -c $'\t/api/search' "$listing") search, $(grep -c $'\t/api/doc/' "$listing") doc," \
  "$(grep -c $'\t/api/suggest' "$listing") suggest; status $statuses) written to $OUT_DIR"

# --- 4. latency --------------------------------------------------------------
python3 "$TMP/requests.py" latency "$PORT" "$listing" 3 | tee -a "$metrics"
[[ -n $INDEX_SECONDS ]] && say "indexing time: $INDEX_SECONDS s; database size: $DB_BYTES bytes"

if [[ $failed -gt 0 ]]; then
  echo "api_snapshot.sh: $failed requests got no answer: the snapshot is incomplete" >&2
  exit 1
fi
exit 0
