#!/usr/bin/env python3
"""Scores two simple near-duplicate baselines on pairs.tsv.

A pair is predicted `copy` when the Jaccard similarity of the two articles' sets of word
5-grams is at or over a threshold (0.8 and 0.5). Text is title + body (Fars and Varzesh3:
title + abstract + paragraphs), folded as make_candidates.py folds it (the analyzer's letter,
digit and mark folding), split into words on anything that is not a letter or digit.

Prints, per threshold, precision and recall of `copy`, and the share of each kind predicted
as copy (recall for copy kinds, false-positive rate for distinct kinds).

Usage: python3 baseline.py CORPORA_DIR [pairs.tsv]
Standard library only; deterministic.
"""
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.dont_write_bytecode = True  # no __pycache__ beside the set
sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_candidates import jaccard_ngrams, words  # noqa: E402

THRESHOLDS = (0.8, 0.5)


def read_pairs(path):
    pairs = []
    for line in open(path, encoding="utf-8"):
        if line.startswith("#") or not line.strip():
            continue
        pair_id, label, kind, url_a, url_b = line.rstrip("\n").split("\t")
        pairs.append((pair_id, label, kind, url_a, url_b))
    return pairs


def load_texts(corpora, wanted):
    """Folded words of each wanted URL (first record of a repeated URL)."""
    texts = {}
    for line in open(corpora / "iranian-news" / "iranian_news.jsonl", encoding="utf-8"):
        d = json.loads(line)
        url = d.get("url", "")
        if url in wanted and url not in texts:
            title = d.get("title") or ""
            texts[url] = words(("" if title == "nan" else title) + " \n " + (d.get("body") or ""))
    for path in sorted((corpora / "fars-varzesh3").glob("*.json")):
        for d in json.load(open(path, encoding="utf-8")):
            url = d.get("link", "")
            if url in wanted and url not in texts:
                parts = [d.get("title") or "", d.get("abstract") or ""] + list(d.get("paragraphs") or [])
                texts[url] = words(" \n ".join(parts))
    return texts


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    corpora = Path(sys.argv[1])
    pairs_path = Path(sys.argv[2]) if len(sys.argv) > 2 else Path(__file__).resolve().parent / "pairs.tsv"
    pairs = read_pairs(pairs_path)
    texts = load_texts(corpora, {u for p in pairs for u in p[3:]})
    missing = sorted({u for p in pairs for u in p[3:]} - set(texts))
    if missing:
        sys.exit("URLs not found in the corpora: %s" % ", ".join(missing[:5]))
    scores = {p[0]: jaccard_ngrams(texts[p[3]], texts[p[4]], 5) for p in pairs}
    n_copy = sum(1 for p in pairs if p[1] == "copy")
    print("pairs: %d (copy %d, distinct %d)" % (len(pairs), n_copy, len(pairs) - n_copy))
    for t in THRESHOLDS:
        tp = sum(1 for p in pairs if p[1] == "copy" and scores[p[0]] >= t)
        fp = sum(1 for p in pairs if p[1] == "distinct" and scores[p[0]] >= t)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / n_copy if n_copy else 0.0
        print("\n5-gram Jaccard >= %.1f: predicted copy %d, true positives %d, false positives %d"
              % (t, tp + fp, tp, fp))
        print("  precision %.3f  recall %.3f  F1 %.3f" % (
            precision, recall, 2 * precision * recall / (precision + recall) if tp else 0.0))
        by_kind = defaultdict(Counter)
        for p in pairs:
            by_kind[(p[1], p[2])]["all"] += 1
            by_kind[(p[1], p[2])]["hit"] += scores[p[0]] >= t
        for (label, kind), c in sorted(by_kind.items()):
            print("  %-8s %-18s %2d / %2d predicted copy" % (label, kind, c["hit"], c["all"]))
    print("\nmedian 5-gram Jaccard per kind:")
    values = defaultdict(list)
    for p in pairs:
        values[(p[1], p[2])].append(scores[p[0]])
    for (label, kind), v in sorted(values.items()):
        v.sort()
        print("  %-8s %-18s median %.2f  min %.2f  max %.2f" % (label, kind, v[len(v) // 2], v[0], v[-1]))


if __name__ == "__main__":
    main()
