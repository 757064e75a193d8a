#!/usr/bin/env python3
"""Writes the known-item development set (known-items.tsv) from the shared corpora.

The recipe (README.md beside this file says why): articles are drawn with a fixed seed from
iranian-news, Fars and Varzesh3, and each gets one query of one kind, in turn:

  headline       3 or 4 neighbouring content words of the headline
  reworded       the headline's content words in another order and form: plural and
                 verb affixes dropped (a reader half remembers "the price of coin")
  names-numbers  the two rarest headline words, plus a number of the headline or the lead
                 written in the other digits (Persian <-> ASCII)
  date           a "day month" phrase of the headline or lead («۱۶ بهمن») and the two rarest
                 headline words
  lead-phrase    4 or 5 neighbouring words of the lead around its rarest word

Only content words count (stop words below, numbers apart); "rarest" is by document
frequency over the three corpora together. An article is left out when its headline is
shorter than four content words or when another article (another URL) has the same
headline: a known item has one answer. The answer is the article's URL.

Queries are written as a reader types: Persian ی and ک, ZWNJ where the article has one.
kavosh-eval derives the other two spellings (ZWNJ stripped, ZWNJ as a space).

Usage: make_known_items.py CORPORA_DIR > known-items.tsv
"""
import json
import random
import re
import sys
from collections import Counter
from pathlib import Path

ZWNJ = "\u200c"
PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
ARABIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
MONTHS = ["فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور", "مهر", "آبان", "آذر",
          "دی", "بهمن", "اسفند"]
STOP = set("""و یا اما ولی که چون چه اگر تا نیز هم همچنین بلکه پس سپس از به با در بر برای
بی تا را روی زیر بین درباره مانند مثل طی توسط علیه این آن همین همان هر چند چنین چنان
یک دو سه است بود شد شده شود می کرد کرده کند کنند کنید گفت گفته خواهد باید نیست هست
های ها ای اش شان خود ما من تو او آنها ایشان وی دیگر نیز ضمن درپی پی پیش پس بعد قبل
فارس گزارش خبرگزاری نقل به‌گزارش اظهار داشت افزود ادامه عنوان""".split())


def persian_letters(s):
    return s.replace("ي", "ی").replace("ك", "ک").replace("ى", "ی").replace("\u200f", "")


def words_of(s):
    s = persian_letters(s)
    s = re.sub(r"[«»\"'()\[\]{}:;،؛,.!?؟\-–—/\\|+*#@…]+", " ", s)
    return [w for w in s.split() if w.strip(ZWNJ)]


def folded(w):
    w = w.replace(ZWNJ, "")
    return w.translate(str.maketrans(PERSIAN_DIGITS + ARABIC_DIGITS, "0123456789" * 2))


def is_number(w):
    return bool(re.fullmatch(r"[0-9۰-۹٠-٩]+([.,/][0-9۰-۹٠-٩]+)?", w))


def content(w):
    f = folded(w)
    return len(f) > 1 and f not in STOP and not is_number(w)


def other_digits(w):
    if any(c in PERSIAN_DIGITS + ARABIC_DIGITS for c in w):
        return w.translate(str.maketrans(PERSIAN_DIGITS + ARABIC_DIGITS, "0123456789" * 2))
    return w.translate(str.maketrans("0123456789", PERSIAN_DIGITS))


def load(corpora):
    out = []
    for line in open(corpora / "iranian-news" / "iranian_news.jsonl", encoding="utf-8"):
        d = json.loads(line)
        lead = d.get("body", "").split("\n")[0]
        out.append(("iranian-news", d.get("url", ""), d.get("title", ""), lead, d.get("body", "")))
    for name in sorted((corpora / "fars-varzesh3").glob("*.json")):
        for d in json.load(open(name, encoding="utf-8")):
            paragraphs = d.get("paragraphs") or []
            lead = d.get("abstract") or (paragraphs[0] if paragraphs else "")
            body = "\n".join([d.get("abstract") or ""] + paragraphs)
            out.append((name.stem.split("-")[0], d.get("link", ""), d.get("title", ""), lead, body))
    return [a for a in out if a[1] and a[2] and a[2] != "nan"]


def strip_affixes(w):
    # The forms a reader may remember instead: singular, without the verb prefix.
    for suffix in (ZWNJ + "های", ZWNJ + "ها", "های", "ها"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            return w[: -len(suffix)]
    for prefix in ("می" + ZWNJ, "نمی" + ZWNJ):
        if w.startswith(prefix) and len(w) - len(prefix) >= 3:
            return w[len(prefix):]
    return w


def main():
    corpora = Path(sys.argv[1])
    articles = load(corpora)
    df = Counter()
    for a in articles:
        df.update({folded(w) for w in words_of(a[2] + " " + a[4])})
    titles = Counter()
    urls_of_title = {}
    for a in articles:
        key = " ".join(folded(w) for w in words_of(a[2]))
        urls_of_title.setdefault(key, set()).add(a[1])
    rng = random.Random(1404)
    pool = {"iranian-news": [], "fars": [], "varzesh3": []}
    for a in articles:
        key = " ".join(folded(w) for w in words_of(a[2]))
        if len(urls_of_title[key]) > 1:
            continue
        if sum(1 for w in words_of(a[2]) if content(w)) < 4:
            continue
        pool[a[0]].append(a)
    seen = set()
    kinds = ["headline", "reworded", "names-numbers", "date", "lead-phrase"]
    rows = []
    wanted = {"iranian-news": 70, "fars": 60, "varzesh3": 60}
    for corpus, n in wanted.items():
        candidates = pool[corpus][:]
        rng.shuffle(candidates)
        made = 0
        turn = 0
        for a in candidates:
            if made >= n:
                break
            if a[1] in seen:
                continue
            kind = kinds[turn % len(kinds)]
            q = make_query(kind, a, df, rng)
            if q is None:
                continue
            seen.add(a[1])
            turn += 1
            made += 1
            rows.append((kind, corpus, a[1], q))
    print("# kavosh known-item development set: made by make_known_items.py (recipe in README.md)")
    print("# qid\tkind\tcorpus\tanswer url\tquery (standard spelling)")
    for i, (kind, corpus, url, q) in enumerate(rows, 1):
        print(f"K{i:03d}\t{kind}\t{corpus}\t{url}\t{q}")


def rarest(words, df, k, leave_out=()):
    ranked = sorted({w for w in words if content(w) and w not in leave_out},
                    key=lambda w: (df[folded(w)], w))
    keep = set(ranked[:k])
    out, used = [], set()
    for w in words:  # in the headline's order
        if w in keep and w not in used:
            out.append(w)
            used.add(w)
    return out


def make_query(kind, a, df, rng):
    title = words_of(a[2])
    lead = words_of(a[3])
    cw = [w for w in title if content(w)]
    if kind == "headline":
        n = rng.choice([3, 4])
        if len(cw) < n:
            return None
        start = rng.randrange(0, len(cw) - n + 1)
        return " ".join(cw[start:start + n])
    if kind == "reworded":
        words = [strip_affixes(w) for w in cw[:5]]
        if len(words) < 3:
            return None
        words = words[1:] + words[:1] if len(words) > 3 else words[::-1]
        return " ".join(words[:4])
    if kind == "names-numbers":
        numbers = [w for w in title + lead if is_number(w) and len(folded(w)) >= 2]
        if not numbers:
            return None
        return " ".join(rarest(title, df, 2) + [other_digits(numbers[0])])
    if kind == "date":
        text = title + lead
        for i in range(len(text) - 1):
            if is_number(text[i]) and text[i + 1] in MONTHS and int(folded(text[i])) <= 31:
                return " ".join(rarest(title, df, 2, MONTHS) + [text[i], text[i + 1]])
        return None
    if kind == "lead-phrase":
        if len(lead) < 8:
            return None
        scored = [i for i, w in enumerate(lead) if content(w)]
        if not scored:
            return None
        best = min(scored, key=lambda i: (df[folded(lead[i])], i))
        n = rng.choice([4, 5])
        start = max(0, min(best - n // 2, len(lead) - n))
        phrase = lead[start:start + n]
        while phrase and not content(phrase[0]):
            phrase = phrase[1:]
        while phrase and not content(phrase[-1]):
            phrase = phrase[:-1]
        if sum(1 for w in phrase if content(w)) < 3:
            return None
        return " ".join(phrase)
    return None


if __name__ == "__main__":
    main()
