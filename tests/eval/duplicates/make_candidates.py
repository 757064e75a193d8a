#!/usr/bin/env python3
"""Lists candidate article pairs for the near-duplicate development set (pairs.tsv).

A tool for the person who labels the pairs: it finds pairs worth reading, it does not label
them. README.md beside this file says how pairs.tsv was made from its output.

Reads iranian-news (jsonl), Fars (fars-news-*.json) and Varzesh3 (varzesh3-*.json) from the
shared corpora, each URL once (the first record of a repeated URL), folds the text as the
analyzer does (ي ى ئ → ی, ك → ک, آ أ إ ٱ → ا, ؤ → و, ة ۀ → ه; ZWNJ, bidi marks, tatweel and
harakat removed; Persian/Arabic-Indic digits → ASCII) and prints sections of pairs of
different URLs:

  copy        containment of word 3-shingles >= 0.25: the share of one text's shingles found
              in the other, the larger of the two directions (|A∩B| / min(|A|, |B|))
  template    same title pattern (numbers, months and weekdays masked): recurring reports
              and templates; at most 6 pairs per pattern, the closest in date first; and
              title series of one source (the same first two or last two title words in 3 to
              200 titles: lineups, previews, recipes, weather notes), 2 pairs per series
  same-event  different sources (site or corpus), many shared rare words (cosine of the
              rare-word tf-idf vectors >= 0.25), containment < 0.25, dates within 3 days
  same-topic  as same-event but one source, dates within 10 days (follow-ups)
  series      (only when asked for) every member of each title series above, one a line

Text is title + body (Fars and Varzesh3: title + abstract + paragraphs). Dates: iranian-news
has one; a Fars link id encodes the Jalali date (YYMMDDNNNN, or 13YYMMDD.../14YYMMDD...),
converted here to the Gregorian date; a Varzesh3 link has only a running id (shown as #id).

Each output line: section, scores and hints, corpora, dates, the two URLs, the two titles.
Copy hints: t= whether the folded titles are equal, dig= the digit scripts (fa/ascii) of A
and B, lead= whether the first paragraphs are equal once folded.

Usage:
  python3 make_candidates.py CORPORA_DIR [SECTION ...] > /tmp/candidates.txt
      (SECTION: copy, template, same-event, same-topic, series; default all but series)
  python3 make_candidates.py CORPORA_DIR --show URL_A URL_B [URL_A URL_B ...]
  python3 make_candidates.py CORPORA_DIR --show - < pairs.tsv   # each pair: both articles, a diff
  python3 make_candidates.py CORPORA_DIR --brief - < pairs.tsv  # the same, paragraphs cut short

CORPORA_DIR is the shared corpora folder (../../../../shared/corpora from here). Standard
library only; deterministic (inputs sorted, no randomness); about 30 seconds on one core.
"""
import datetime
import difflib
import json
import math
import re
import sys
import zlib
from collections import Counter, defaultdict
from pathlib import Path

FOLD = {}
for src, dst in (("يىئۍېےۑ", "ی"), ("كڪ", "ک"), ("آأإٱ", "ا"), ("ؤ", "و"), ("ةۀہۂە", "ه")):
    for c in src:
        FOLD[ord(c)] = dst
for src in ("۰۱۲۳۴۵۶۷۸۹", "٠١٢٣٤٥٦٧٨٩"):
    for i, c in enumerate(src):
        FOLD[ord(c)] = str(i)
for c in [0x200C, 0x200B, 0x200D, 0x200E, 0x200F, 0x061C, 0x0640, 0x0670, 0x00AD, 0xFEFF]:
    FOLD[c] = None
for c in list(range(0x064B, 0x0660)) + list(range(0x202A, 0x202F)) + list(range(0x2066, 0x206A)):
    FOLD[c] = None

MONTHS = set("""فروردین اردیبهشت خرداد تیر مرداد شهریور مهر ابان اذر دی بهمن اسفند ژانویه فوریه
مارس اوریل اپریل مه ژوئن ژوئیه جولای اوت اگوست سپتامبر اکتبر نوامبر دسامبر""".split())
WEEKDAYS = set("شنبه یکشنبه دوشنبه سهشنبه چهارشنبه پنجشنبه جمعه".split())
STOP = set("""و یا اما ولی که چون چه اگر تا نیز هم همچنین بلکه پس سپس از به با در بر برای بی را
روی زیر بین درباره مانند مثل طی توسط علیه این ان همین همان هر چند چنین یک دو سه است بود شد
شده شود میشود میشوند کرد کرده کند کنند گفت گفته خواهد باید نیست های ها ای خود وی دیگر پیش
بعد قبل فارس گزارش خبرگزاری نقل اظهار داشت افزود ادامه عنوان سال روز امروز ما او انها""".split())


def fold(s):
    return s.translate(FOLD)


def words(s):
    return re.findall(r"\w+", fold(s).lower())


def mask(w):
    if any(c.isdigit() for c in w):
        return "#"
    if w in MONTHS:
        return "M"
    if w in WEEKDAYS:
        return "W"
    return w


def shingles(ws, n=3):
    return {zlib.crc32(" ".join(ws[i:i + n]).encode()) for i in range(len(ws) - n + 1)}


def jalali_to_gregorian(jy, jm, jd):
    """The usual arithmetic conversion (valid for the years of these corpora)."""
    jy += 1595
    days = (-355668 + 365 * jy + (jy // 33) * 8 + ((jy % 33) + 3) // 4 + jd
            + ((jm - 1) * 31 if jm < 7 else (jm - 7) * 30 + 186))
    gy = 400 * (days // 146097)
    days %= 146097
    if days > 36524:
        days -= 1
        gy += 100 * (days // 36524)
        days %= 36524
        if days >= 365:
            days += 1
    gy += 4 * (days // 1461)
    days %= 1461
    if days > 365:
        gy += (days - 1) // 365
        days = (days - 1) % 365
    gd = days + 1
    leap = gy % 4 == 0 and (gy % 100 != 0 or gy % 400 == 0)
    for gm, n in enumerate([31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], 1):
        if gd <= n:
            return datetime.date(gy, gm, gd)
        gd -= n
    raise ValueError("bad date")


def fars_date(link):
    """Gregorian date of a Fars link id, or None."""
    m = re.search(r"/news/(\d+)", link)
    if not m:
        return None
    d = m.group(1)
    if len(d) >= 14 and d[:2] in ("13", "14"):
        y, mo, dd = int(d[:4]), int(d[4:6]), int(d[6:8])
    elif len(d) == 10 and int(d[:2]) >= 82:
        y, mo, dd = 1300 + int(d[:2]), int(d[2:4]), int(d[4:6])
    else:
        return None
    try:
        return jalali_to_gregorian(y, mo, dd)
    except ValueError:
        return None


def load(corpora):
    """Articles (dicts) sorted by URL: corpus, source, url, title, paras, day, shown date."""
    out, seen = [], set()
    for line in open(corpora / "iranian-news" / "iranian_news.jsonl", encoding="utf-8"):
        d = json.loads(line)
        url = d.get("url", "")
        if not url or url in seen:
            continue
        seen.add(url)
        title = d.get("title") or ""
        try:
            day = datetime.date.fromisoformat(d.get("date", "")[:10])
        except ValueError:
            day = None
        out.append(dict(corpus="iranian-news", source=url.split("/")[2], url=url,
                        title="" if title == "nan" else title,
                        paras=[p for p in (d.get("body") or "").split("\n") if p.strip()],
                        day=day, shown=d.get("date", "")[:16]))
    for path in sorted((corpora / "fars-varzesh3").glob("*.json")):
        corpus = "fars" if path.name.startswith("fars") else "varzesh3"
        for d in json.load(open(path, encoding="utf-8")):
            url = d.get("link", "")
            if not url or url in seen:
                continue
            seen.add(url)
            paras = ([d["abstract"]] if d.get("abstract") else []) + list(d.get("paragraphs") or [])
            day = fars_date(url) if corpus == "fars" else None
            shown = str(day or "") if corpus == "fars" else "#%s" % d.get("code", "")
            out.append(dict(corpus=corpus, source=corpus, url=url, title=d.get("title") or "",
                            paras=[p for p in paras if p.strip()], day=day, shown=shown))
    out.sort(key=lambda a: a["url"])
    for a in out:
        a["words"] = words(a["title"] + " \n " + " \n ".join(a["paras"]))
        a["sh"] = shingles(a["words"])
        a["msh"] = shingles([mask(w) for w in a["words"]])
        a["title_mask"] = " ".join(mask(w) for w in words(a["title"]))
    return out


def containment(x, y):
    return len(x & y) / min(len(x), len(y)) if x and y else 0.0


def jaccard_ngrams(wa, wb, n=5):
    a = {tuple(wa[i:i + n]) for i in range(len(wa) - n + 1)}
    b = {tuple(wb[i:i + n]) for i in range(len(wb) - n + 1)}
    return len(a & b) / len(a | b) if a and b else 0.0


def pairs_by_days(arts, docs):
    """Every pair of the articles `docs` as (days apart, url, url, a, b), closest first
    (99999 days when unknown)."""
    pairs = []
    for x in range(len(docs)):
        for y in range(x + 1, len(docs)):
            a, b = arts[docs[x]], arts[docs[y]]
            d = days_apart(a, b)
            pairs.append((99999 if d is None else d, a["url"], b["url"], a, b))
    pairs.sort(key=lambda p: p[:3])
    return pairs


def days_apart(a, b):
    if a["day"] and b["day"]:
        return abs((a["day"] - b["day"]).days)
    if a["corpus"] == b["corpus"] == "varzesh3":  # running ids: about 180 a day in 2020
        return abs(int(a["shown"][1:]) - int(b["shown"][1:])) // 180
    return None


def digit_scripts(a):
    text = a["title"] + "".join(a["paras"])
    fa = sum(1 for c in text if "۰" <= c <= "۹" or "٠" <= c <= "٩")
    ascii_ = sum(1 for c in text if "0" <= c <= "9")
    return "fa" if fa > 2 * ascii_ else "ascii" if ascii_ > 2 * fa else "mix" if fa + ascii_ else "-"


def pair_counts(index, cap):
    counts = Counter()
    for key in sorted(index):
        docs = index[key]
        if 2 <= len(docs) <= cap:
            for i in range(len(docs)):
                for j in range(i + 1, len(docs)):
                    counts[(docs[i], docs[j])] += 1
    return counts


def line(section, scores, a, b):
    return "%s\t%s\t%s|%s\t%s|%s\t%s\t%s\t%s || %s" % (
        section, scores, a["corpus"], b["corpus"], a["shown"], b["shown"],
        a["url"], b["url"], a["title"][:70], b["title"][:70])


def copy_hints(a, b):
    lead_a = words(a["paras"][0]) if a["paras"] else []
    lead_b = words(b["paras"][0]) if b["paras"] else []
    return "t=%d dig=%s/%s lead=%d" % (
        words(a["title"]) == words(b["title"]), digit_scripts(a), digit_scripts(b),
        lead_a == lead_b)


def candidates(arts, sections):
    out = []
    if "copy" in sections:
        index = defaultdict(list)
        for i, a in enumerate(arts):
            for s in a["sh"]:
                index[s].append(i)
        for (i, j), n in sorted(pair_counts(index, 40).items()):
            a, b = arts[i], arts[j]
            if n < 4 or n < 0.25 * min(len(a["sh"]), len(b["sh"])):
                continue
            c = containment(a["sh"], b["sh"])
            if c >= 0.25:
                d = days_apart(a, b)
                score = "cont=%.2f j5=%.2f len=%d/%d days=%s %s" % (
                    c, jaccard_ngrams(a["words"], b["words"]), len(a["words"]), len(b["words"]),
                    "?" if d is None else d, copy_hints(a, b))
                out.append((0, -c, line("copy", score, a, b)))
    if "template" in sections or "series" in sections:
        by_pattern = defaultdict(list)
        for i, a in enumerate(arts):
            key = a["title_mask"].split()[:3]
            if len(key) == 3 and any(t in ("#", "M", "W") for t in a["title_mask"].split()):
                by_pattern[(a["source"], " ".join(key))].append(i)
        for key in sorted(by_pattern):
            docs = by_pattern[key]
            if len(docs) < 2:
                continue
            pairs = pairs_by_days(arts, docs)
            for d, _, _, a, b in pairs[:6]:
                score = "cont=%.2f mcont=%.2f j5=%.2f len=%d/%d days=%s n=%d" % (
                    containment(a["sh"], b["sh"]), containment(a["msh"], b["msh"]),
                    jaccard_ngrams(a["words"], b["words"]), len(a["words"]), len(b["words"]),
                    "?" if d == 99999 else d, len(docs))
                out.append((1, key, line("template", score, a, b)))
        # Series: the same source repeats a title's first two or last two words (lineups,
        # match previews, recipes, weather and air-quality notes, "X voted" items).
        by_series = defaultdict(set)
        for i, a in enumerate(arts):
            t = a["title_mask"].split()
            if len(t) >= 3:
                for key in (("^",) + tuple(t[:2]), tuple(t[-2:]) + ("$",)):
                    if not all(w in STOP or w in ("#", "M", "W", "^", "$") for w in key):
                        by_series[(a["source"],) + key].add(i)
        seen = set()
        for key in sorted(by_series):
            docs = sorted(by_series[key])
            if not 3 <= len(docs) <= 200:
                continue
            pairs = pairs_by_days(arts, docs)
            if "series" in sections:  # every member, for picking pairs by hand
                for i in docs:
                    out.append((4, key, "series\t%s\t%d\t%s\t%s\t%s" % (
                        " ".join(key), len(docs), arts[i]["shown"], arts[i]["url"],
                        arts[i]["title"][:70])))
            for d, ua, ub, a, b in pairs[:2]:
                if (ua, ub) in seen:
                    continue
                seen.add((ua, ub))
                score = "cont=%.2f mcont=%.2f j5=%.2f len=%d/%d days=%s series=%d" % (
                    containment(a["sh"], b["sh"]), containment(a["msh"], b["msh"]),
                    jaccard_ngrams(a["words"], b["words"]), len(a["words"]), len(b["words"]),
                    "?" if d == 99999 else d, len(docs))
                out.append((1, key, line("template", score, a, b)))
    if "same-event" in sections or "same-topic" in sections:
        df = Counter()
        for a in arts:
            df.update(set(a["words"]))
        vecs, windex = [], defaultdict(list)
        for i, a in enumerate(arts):
            tf = Counter(w for w in a["words"] if w not in STOP and not w.isdigit() and len(w) > 2)
            v = {w: (1 + math.log(k)) * math.log(len(arts) / df[w]) for w, k in tf.items()
                 if 2 <= df[w] <= 60}
            norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
            vecs.append({w: x / norm for w, x in v.items()})
            for w in v:
                if df[w] <= 15:
                    windex[w].append(i)
        for (i, j), n in sorted(pair_counts(windex, 15).items()):
            a, b = arts[i], arts[j]
            if n < 4:
                continue
            same = a["source"] == b["source"]
            section = "same-topic" if same else "same-event"
            if section not in sections:
                continue
            d = days_apart(a, b)
            if d is not None and d > (10 if same else 3):
                continue
            cos = sum(x * vecs[j].get(w, 0.0) for w, x in vecs[i].items())
            c = containment(a["sh"], b["sh"])
            if cos >= 0.25 and c < 0.25:
                score = "cos=%.2f rare=%d cont=%.2f len=%d/%d days=%s" % (
                    cos, n, c, len(a["words"]), len(b["words"]), "?" if d is None else d)
                out.append((2 if same else 3, -cos, line(section, score, a, b)))
    out.sort(key=lambda o: (o[0], str(o[1]) if o[0] in (1, 4) else o[1], o[2]))
    return [o[2] for o in out if o[0] != 1 or "template" in sections]


def show(arts, url_a, url_b, brief=False):
    """Prints both articles (brief: first two and last paragraphs, cut at 300 characters)
    and the word diff of their folded texts."""
    by = {a["url"]: a for a in arts}
    a, b = by[url_a], by[url_b]
    for x in (a, b):
        print("=" * 100)
        print(x["corpus"], x["source"], x["shown"], x["url"])
        print("TITLE:", x["title"])
        print("words=%d paragraphs=%d digits=%s" % (len(x["words"]), len(x["paras"]), digit_scripts(x)))
        for k, p in enumerate(x["paras"]):
            if not brief:
                print("  [%d] %s" % (k, p))
            elif k < 2 or k == len(x["paras"]) - 1:
                print("  [%d] %s" % (k, p[:300] + (" ..." if len(p) > 300 else "")))
    print("=" * 100)
    inter = len(a["sh"] & b["sh"])
    print("a-in-b=%.2f b-in-a=%.2f masked=%.2f j5=%.2f days=%s" % (
        inter / max(1, len(a["sh"])), inter / max(1, len(b["sh"])),
        containment(a["msh"], b["msh"]), jaccard_ngrams(a["words"], b["words"]), days_apart(a, b)))
    sm = difflib.SequenceMatcher(None, a["words"], b["words"], autojunk=False)
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            print("  = %d words" % (i2 - i1))
        else:
            print("  %s A[%d:%d] %s  ->  B[%d:%d] %s" % (
                op, i1, i2, " ".join(a["words"][i1:i2][:40]), j1, j2, " ".join(b["words"][j1:j2][:40])))


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    arts = load(Path(sys.argv[1]))
    if len(sys.argv) > 2 and sys.argv[2] in ("--show", "--brief"):
        urls = sys.argv[3:]
        if urls == ["-"]:  # pairs from stdin, one pair a line: the last two tab-separated fields
            urls = [u for row in sys.stdin if row.strip() and not row.startswith("#")
                    for u in row.rstrip("\n").split("\t")[-2:]]
        for k in range(0, len(urls) - 1, 2):
            show(arts, urls[k], urls[k + 1], sys.argv[2] == "--brief")
        return
    sections = set(sys.argv[2:]) or {"copy", "template", "same-event", "same-topic"}
    for row in candidates(arts, sections):
        print(row)


if __name__ == "__main__":
    main()
