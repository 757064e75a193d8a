#!/usr/bin/env python3
"""Writes the "did you mean" development set (typos.tsv) from the shared corpora.

The recipe (README.md beside this file says why): words are counted over the titles and bodies
of iranian-news, Fars and Varzesh3 (document frequency, each URL once), and frequent content
words (at least 4 letters, in at least 30 articles) are drawn with a fixed seed and misspelled
in one way each:

  sound-alike  one letter replaced by another that sounds the same (ز ذ ض ظ, س ص ث, ت ط, ...)
  dots         a dot dropped or added (پ→ب, چ→ج, گ→ک, ژ→ز, ش→س, and a few the other way)
  keyboard     one letter replaced by its left or right neighbour on the Persian keyboard
  transposed   two neighbouring letters swapped
  dropped      one letter left out (never the first)
  doubled      one letter typed twice
  joined       a frequent pair of content words typed without the space
  in-phrase    2 or 3 neighbouring content words of a headline, one misspelled as above
  variant      a frequent word or phrase in a spelling the analyzer folds (ZWNJ stripped or
               a space, Arabic ي ك, other digits, ا for آ/أ): it must get NO suggestion

A typo is kept only when it is no word of the corpora (its folded form is in no article), is at
least 3 letters long, and the intended word is the most frequent word one edit away from it
(so a reader, and a corrector, can tell which word was meant). Folding for counting follows the
analyzer: ي ى ئ→ی, ك→ک, آ أ إ ٱ→ا, ؤ→و, ة ۀ→ه, harakat and bidi marks dropped, ZWNJ removed.
Expected queries are written as the corpora most often write them (ZWNJ included).

Usage: make_typos.py CORPORA_DIR > typos.tsv
"""
import json
import random
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

ZWNJ = "\u200c"
LETTERS = "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی"
WRITTEN = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک"})
KEYFOLD = str.maketrans({"ئ": "ی", "آ": "ا", "أ": "ا", "إ": "ا", "ٱ": "ا", "ؤ": "و",
                         "ة": "ه", "ۀ": "ه", ZWNJ: None})
MARKS = re.compile("[\u064b-\u065f\u0670\u0640\u00ad\u200b\u200d-\u200f\u061c\u202a-\u202e"
                   "\u2066-\u2069\ufeff]")
BREAK = re.compile(r"[^\w\u200c \t]+")  # punctuation and newlines end a run of words
TOKEN = re.compile(r"[^\W_]+(?:\u200c+[^\W_]+)*")
PERSIAN_DIGITS, ARABIC_DIGITS = "۰۱۲۳۴۵۶۷۸۹", "٠١٢٣٤٥٦٧٨٩"
# The stop list of make_known_items.py, plus light verbs and adverbs nobody searches for.
STOP = set("""و یا اما ولی که چون چه اگر تا نیز هم همچنین بلکه پس سپس از به با در بر برای
بی تا را روی زیر بین درباره مانند مثل طی توسط علیه این آن همین همان هر چند چنین چنان
یک دو سه است بود شد شده شود می کرد کرده کند کنند کنید گفت گفته خواهد باید نیست هست
های ها ای اش شان خود ما من تو او آنها ایشان وی دیگر نیز ضمن درپی پی پیش پس بعد قبل
فارس گزارش خبرگزاری نقل به‌گزارش اظهار داشت افزود ادامه عنوان
داد دارد دارند داشته کردند شدند بودند باشد باشند بوده نشده خواهند کردن شدن دهد دهند
مورد صورت خصوص دلیل طریق اساس سوی میان توجه حال همه تمام برخی بسیار بیشتر کمتر حتی
هنوز اکنون البته اینکه آنکه چرا چگونه کجا کسی چیزی هیچ آیا اند ام ایم اید کنم کنیم کردم
کردیم شوند هستم هستیم هستند بودم بودیم قرار داده""".split())
PREPOSITIONS = {"به", "در", "از", "با", "بر", "که", "این", "آن"}  # به‌دلیل is no content word
SOUND = ["زذضظ", "سصث", "تط", "هح", "اع", "قغ"]
DOTS = {"پ": "ب", "چ": "ج", "گ": "ک", "ژ": "ز", "ش": "س"}
UNDOTS = {v: k for k, v in DOTS.items()}
KEY_ROWS = ["ضصثقفغعهخحجچ", "شسیبلاتنمکگ", "ظطزرذدپو"]  # ISIRI 9147, right to left
KINDS = ["sound-alike", "dots", "keyboard", "transposed", "dropped", "doubled"]
PER_KIND = 26        # rows of each one-word kind, and of joined
IN_PHRASE = 52
VARIANTS_EACH = 9    # rows of each of the five variant spellings
MIN_DF = 30
NUMBER = re.compile(r"[0-9۰-۹٠-٩]{2,4}")
JOINED_SHARE = 0.1


def written(s):
    return MARKS.sub("", s.translate(WRITTEN))


def key(w):
    return w.translate(KEYFOLD)


def runs(text):
    """Runs of neighbouring tokens (written form) between punctuation marks."""
    for part in BREAK.split(written(text)):
        toks = [re.sub(ZWNJ + "+", ZWNJ, t) for t in TOKEN.findall(part)]
        if toks:
            yield toks


def load(corpora):
    docs = {}
    for line in open(corpora / "iranian-news" / "iranian_news.jsonl", encoding="utf-8"):
        d = json.loads(line)
        title = "" if d.get("title") == "nan" else d.get("title") or ""
        docs.setdefault(d.get("url") or line, (title, d.get("body") or ""))
    for name in sorted((corpora / "fars-varzesh3").glob("*.json")):
        for d in json.load(open(name, encoding="utf-8")):
            body = "\n".join([d.get("abstract") or ""] + (d.get("paragraphs") or []))
            docs.setdefault(d.get("link") or d.get("title"), (d.get("title") or "", body))
    return [docs[u] for u in sorted(docs)]


def persian(w, least=1):
    letters = w.replace(ZWNJ, "")
    return len(letters) >= least and all(c in LETTERS or c == "آ" for c in letters)


def misspell(kind, w, rng, reverse_dots=False):
    """One random misspelling of w of the given kind (ZWNJ is never touched), or None."""
    table, opts = UNDOTS if reverse_dots else DOTS, []
    for i, ch in enumerate(w):
        nxt, head, tail = w[i + 1:i + 2], w[:i], w[i + 1:]
        if ch == ZWNJ:
            continue
        if kind == "sound-alike":
            for g in SOUND:
                # A final (silent) ه has no sound to confuse; a long vowel ا is not heard as ع.
                if ch in g and not (ch == "ه" and nxt in ("", ZWNJ)) and not (ch == "ا" and i):
                    opts += [head + c + tail for c in g if c != ch]
        elif kind == "dots" and ch in table:
            opts.append(head + table[ch] + tail)
        elif kind == "keyboard":
            for row in KEY_ROWS:
                j = row.find(ch)
                opts += [head + row[k] + tail for k in (j - 1, j + 1) if j >= 0 and 0 <= k < len(row)]
        elif kind == "transposed" and nxt not in ("", ZWNJ, ch):
            opts.append(head + nxt + ch + w[i + 2:])
        elif kind == "dropped" and i > 0:
            opts.append(re.sub(ZWNJ + "+", ZWNJ, head + tail).strip(ZWNJ))
        elif kind == "doubled":
            opts.append(head + ch + ch + tail)
    return rng.choice(opts) if opts else None


def neighbours(k):
    """Every key one edit (delete, insert, replace, swap) from k."""
    out = set()
    for i in range(len(k) + 1):
        out.update(k[:i] + c + k[i:] for c in LETTERS)
        if i < len(k):
            out.add(k[:i] + k[i + 1:])
            out.update(k[:i] + c + k[i + 1:] for c in LETTERS)
        if i + 1 < len(k):
            out.add(k[:i] + k[i + 1] + k[i] + k[i + 2:])
    out.discard(k)
    return out


class Corpus:
    def __init__(self, docs):
        self.df, forms, self.memo = Counter(), defaultdict(Counter), {}
        self.stop = {key(w) for w in STOP}
        for title, body in docs:
            seen = {w for r in runs(title + "\n" + body) for w in r}
            for w in seen:
                forms[key(w)][w] += 1
            self.df.update({key(w) for w in seen})
        self.form = {k: max(c.items(), key=lambda kv: (kv[1], kv[0]))[0] for k, c in forms.items()}

    def content(self, w, least=2):
        """A frequent content word of only Persian letters, no verb form (می‌...)."""
        if (w, least) not in self.memo:
            k = key(w)
            self.memo[w, least] = (persian(w, least) and k not in self.stop and self.df[k] >= MIN_DF
                                   and not re.match("ن?می" + ZWNJ, self.form[k])
                                   and self.form[k].split(ZWNJ)[0] not in PREPOSITIONS)
        return self.memo[w, least]

    def count_pairs(self, docs):
        """Articles containing each pair of neighbouring content words (keys), and each
        content word right after a number (a unit or counted noun: نفر, درصد, تومان)."""
        self.pairs, self.counted = Counter(), Counter()
        for title, body in docs:
            seen, counted = set(), set()
            for r in runs(title + "\n" + body):
                ok = [self.content(w) for w in r]
                seen.update((key(a), key(b)) for a, b, x, y in zip(r, r[1:], ok, ok[1:]) if x and y)
                counted.update(key(b) for a, b, y in zip(r, r[1:], ok[1:]) if y and NUMBER.fullmatch(a))
            self.pairs.update(seen)
            self.counted.update(counted)

    def typo_reason(self, typo, w):
        """Why typo is no fair misspelling of w, or "" when it is one."""
        k, t = key(w), key(typo)
        if len(t) < 3:
            return "short"
        if t == k or self.df[t] > 0:
            return "a word"
        if any(self.df[n] >= self.df[k] for n in neighbours(t) if n != k):
            return "ambiguous"
        return ""


def one_word_typos(c, rng, sources, used, rows, rejected):
    for kind in KINDS:
        made = 0
        for k in sources:
            if made == PER_KIND:
                break
            if k in used:
                continue
            w = c.form[k]
            typo = misspell(kind, w, rng, reverse_dots=(kind == "dots" and made % 3 == 2))
            why = c.typo_reason(typo, w) if typo else "no such letter"
            if why:
                rejected[kind, why] += 1
                continue
            used.add(k)
            rows.append((kind, typo, w))
            made += 1


def joined(c, rng, rows):
    """Pairs that belong together: in >= 30 articles, and in >= 10% of those of the rarer word."""
    cands = sorted(p for p, n in c.pairs.items() if n >= MIN_DF and p[0] != p[1]
                   and min(len(p[0]), len(p[1])) >= 3 and n >= JOINED_SHARE * min(c.df[p[0]], c.df[p[1]]))
    rng.shuffle(cands)
    made = 0
    for a, b in cands:
        if made == PER_KIND:
            break
        wa, wb = c.form[a], c.form[b]
        if c.df[a + b] == 0 and ZWNJ not in wa + wb:
            rows.append(("joined", wa + wb, wa + " " + wb))
            made += 1


def in_phrase(c, titles, rng, used, rows):
    """Headline windows whose neighbouring words stand together in >= 5 articles."""
    phrases = set()
    for t in titles:
        for r in runs(t):
            for n in (2, 3):
                for i in range(len(r) - n + 1):
                    ws = r[i:i + n]
                    if all(c.content(w) for w in ws) and all(
                            c.pairs[key(a), key(b)] >= 5 for a, b in zip(ws, ws[1:])):
                        phrases.add(tuple(c.form[key(w)] for w in ws))
    phrases = sorted(p for p in phrases if len({key(w) for w in p}) == len(p))
    rng.shuffle(phrases)
    made = 0
    for p in phrases:
        if made == IN_PHRASE:
            break
        kind = KINDS[made % len(KINDS)]
        slots = [i for i, w in enumerate(p) if c.content(w, 4) and key(w) not in used]
        if not slots:
            continue
        i = rng.choice(slots)
        typo = misspell(kind, p[i], rng, reverse_dots=(made % 4 == 1))
        if typo is None or c.typo_reason(typo, p[i]):
            continue
        used.add(key(p[i]))
        rows.append(("in-phrase", " ".join(p[:i] + (typo,) + p[i + 1:]), " ".join(p)))
        made += 1


def variants(c, titles, rng, rows):
    """Words and headline pairs respelled the way the analyzer folds; no suggestion wanted."""
    to_arabic = str.maketrans({"ی": "ي", "ک": "ك"})
    ways = [(lambda w: ZWNJ in w, lambda w: w.replace(ZWNJ, "")),       # ZWNJ stripped
            (lambda w: ZWNJ in w, lambda w: w.replace(ZWNJ, " ")),      # ZWNJ as a space
            (lambda w: "ک" in w, lambda w: w.translate(to_arabic)),     # Arabic ي ك
            (lambda w: "آ" in w or "أ" in w, lambda w: w.replace("آ", "ا").replace("أ", "ا"))]
    words = sorted(k for k in c.form if c.df[k] >= MIN_DF and persian(c.form[k], 3))
    pairs, numbered = set(), set()
    for t in titles:
        for r in runs(t):
            for a, b in zip(r, r[1:]):
                if c.content(a, 3) and c.content(b, 3) and c.pairs[key(a), key(b)] >= 5:
                    pairs.add((c.form[key(a)], c.form[key(b)]))
                if NUMBER.fullmatch(a) and c.counted[key(b)] >= MIN_DF:
                    numbered.add((a, c.form[key(b)]))
    pairs, numbered = sorted(pairs), sorted(numbered)
    for x in (words, pairs, numbered):
        rng.shuffle(x)
    wi = pi = 0
    for has, respell in ways:
        made = 0
        while made < VARIANTS_EACH:
            if made % 2 == 0:  # a word alone, then a headline pair with such a word
                src, wi = [c.form[words[wi]]], wi + 1
            else:
                src, pi = list(pairs[pi]), pi + 1
            if any(has(w) for w in src):
                j = next(j for j, w in enumerate(src) if has(w))
                rows.append(("variant", " ".join(src[:j] + [respell(src[j])] + src[j + 1:]), ""))
                made += 1
    ascii_to_persian = str.maketrans("0123456789", PERSIAN_DIGITS)
    to_ascii = str.maketrans(PERSIAN_DIGITS + ARABIC_DIGITS, "0123456789" * 2)
    for num, w in numbered[:VARIANTS_EACH]:  # the number in the other digits
        other = num.translate(ascii_to_persian if num.isascii() else to_ascii)
        rows.append(("variant", other + " " + w, ""))


def main():
    corpora = Path(sys.argv[1])
    docs = load(corpora)
    c = Corpus(docs)
    titles = [t for t, _ in docs if t]
    rng = random.Random(1405)
    sources = sorted(k for k in c.form if c.content(c.form[k], 4))
    rng.shuffle(sources)
    c.count_pairs(docs)
    rows, used, rejected = [], set(), Counter()
    one_word_typos(c, rng, sources, used, rows, rejected)
    joined(c, rng, rows)
    in_phrase(c, titles, rng, used, rows)
    variants(c, titles, rng, rows)
    out, typed_seen = [], set()
    for row in rows:  # already in the order of the kinds
        assert not re.search("[\t\n]", "".join(row))
        if row[1] not in typed_seen and row[1] != row[2]:
            typed_seen.add(row[1])
            out.append(row)
    counts = Counter(k for k, _, _ in out)
    print("# kavosh \"did you mean\" development set: made by make_typos.py (recipe in README.md)")
    print(f"# from iranian-news, Fars and Varzesh3 ({len(docs)} articles); seed 1405")
    print("# " + ", ".join(f"{k} {n}" for k, n in counts.items()))
    print("# kind\ttyped (what the reader types)\texpected (the intended query; empty: no suggestion)")
    for row in out:
        print("\t".join(row))
    print("one-word typos rejected:", sorted(rejected.items()), file=sys.stderr)


if __name__ == "__main__":
    main()
