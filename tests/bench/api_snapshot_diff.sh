#!/usr/bin/env bash
# Compares two API snapshots of tests/bench/api_snapshot.sh, byte for byte:
# the proof that a refactor changed no byte of the JSON API (issue 13).
#
#   tests/bench/api_snapshot_diff.sh A_DIR B_DIR
#
# Compares requests.txt (the same requests in the same order, each with its
# HTTP status and Content-Type) and every NNNN.json (response bodies without
# "took_ms"); metrics.txt (timings) is ignored. Prints "identical" or the list
# of differing files (number, status, request decoded), then a short diff of
# the first few: the first differing byte with its context, and the two
# bodies pretty-printed (for reading only: the comparison is of the bytes).
# A difference only in /api/stats "database_bytes" or "schema_version" is
# labelled as such: expected between two databases, or when a build bumps the
# schema version, and still listed.
# Exit status: 0 identical, 1 different, 2 usage error.
set -euo pipefail

SHOW=${SHOW:-3} # how many differing files to show a diff of

usage() { sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; }
if [[ $# -ne 2 || $1 = -h || $1 = --help ]]; then
  usage >&2
  exit 2
fi
A=$1 B=$2
for d in "$A" "$B"; do
  [[ -f $d/requests.txt ]] || { echo "api_snapshot_diff.sh: $d/requests.txt is missing: not a snapshot" >&2; exit 2; }
done
command -v python3 >/dev/null || { echo "api_snapshot_diff.sh: python3 is missing" >&2; exit 2; }

python3 - "$A" "$B" "$SHOW" <<'PYTHON'
import difflib
import json
import os
import re
import sys
import urllib.parse

a_dir, b_dir, show = sys.argv[1], sys.argv[2], int(sys.argv[3])


def rows(d):
    with open(os.path.join(d, "requests.txt"), encoding="utf-8", errors="surrogateescape") as f:
        return [line.rstrip("\n").split("\t") for line in f if line.strip()]


def files(d):
    return {n for n in os.listdir(d) if re.fullmatch(r"[0-9]+\.json", n)}


def read(path):
    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError:
        return None


def describe(row):
    if not row:
        return "(not in requests.txt)"
    path = urllib.parse.unquote(row[3], errors="backslashreplace") if len(row) > 3 else "?"
    if len(path) > 160:
        path = path[:160] + "…"
    return f"{row[1] if len(row) > 1 else '?'} {path}"


STATS_FIELDS = re.compile(rb'"(database_bytes|schema_version)":("[^"]*"|[0-9]+)')

ra, rb = rows(a_dir), rows(b_dir)
problems = 0
if ra != rb:
    problems += 1
    print(f"requests.txt differs ({len(ra)} requests in {a_dir}, {len(rb)} in {b_dir}):")
    lines = list(difflib.unified_diff(["\t".join(r) for r in ra], ["\t".join(r) for r in rb],
                                      a_dir + "/requests.txt", b_dir + "/requests.txt", lineterm="", n=0))
    for line in lines[:20]:
        print("  " + (line if len(line) < 240 else line[:240] + "…"))
    if len(lines) > 20:
        print(f"  … {len(lines) - 20} more diff lines")

fa, fb = files(a_dir), files(b_dir)
by_num = {r[0]: r for r in ra}
by_num.update({r[0]: r for r in rb if r[0] not in by_num})
differing = []
for name in sorted(fa | fb):
    x, y = read(os.path.join(a_dir, name)), read(os.path.join(b_dir, name))
    if x != y:
        differing.append((name, x, y))

if not differing and not problems:
    print(f"identical: {len(fa)} responses and requests.txt ({a_dir} and {b_dir})")
    sys.exit(0)

expected = 0
print(f"{len(differing)} of {len(fa | fb)} responses differ:")
for name, x, y in differing:
    note = ""
    if x is None or y is None:
        note = f"  (missing in {a_dir if x is None else b_dir})"
    elif STATS_FIELDS.sub(b"", x) == STATS_FIELDS.sub(b"", y):
        note = "  (only /api/stats database_bytes or schema_version: expected between databases)"
        expected += 1
    print(f"  {name}  {describe(by_num.get(name[:-5]))}{note}")
if expected:
    print(f"{expected} of them differ only in database_bytes or schema_version")


def pretty(data):
    try:
        return json.dumps(json.loads(data), ensure_ascii=False, indent=1).splitlines()
    except ValueError:
        return data.decode("utf-8", "backslashreplace").splitlines()


for name, x, y in differing[:show]:
    print(f"\n--- {name}: {describe(by_num.get(name[:-5]))}")
    if x is None or y is None:
        print(f"  missing in {a_dir if x is None else b_dir}")
        continue
    i = next((k for k in range(min(len(x), len(y))) if x[k] != y[k]), min(len(x), len(y)))
    print(f"  first difference at byte {i} ({len(x)} and {len(y)} bytes):")
    for d, data in ((a_dir, x), (b_dir, y)):
        ctx = data[max(0, i - 120):i + 120].decode("utf-8", "replace")
        print(f"  {d}: …{ctx}…")
    lines = list(difflib.unified_diff(pretty(x), pretty(y), a_dir, b_dir, lineterm="", n=1))
    for line in lines[:30]:
        print("  " + (line if len(line) < 240 else line[:240] + "…"))
    if len(lines) > 30:
        print(f"  … {len(lines) - 30} more diff lines")
sys.exit(1)
PYTHON
