// DOM building blocks shared by the page's modules: elements, Persian numbers and dates, text
// marked from the API's highlight spans, and in-page links. Nothing here parses HTML: text from
// the API reaches the page only as text nodes.
import { navigate, urlOf } from './state.js';

export const $ = (id) => document.getElementById(id);

export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

// Text whose direction comes from itself, isolated from its neighbours (a Latin source name
// beside a Persian date must not reorder either).
export function bdi(className, text) {
  return el('bdi', className, text);
}

export const faNum = (n, opts) => Number(n).toLocaleString('fa-IR', opts);

// Appends `text` with <mark> around the spans [start, end) (UTF-16 code units, end exclusive, as
// the API's `highlights` give them). Overlapping or out-of-range spans are clipped.
export function appendMarked(parent, text, spans) {
  const valid = (Array.isArray(spans) ? spans : [])
    .filter((s) => Array.isArray(s) && Number.isInteger(s[0]) && Number.isInteger(s[1]))
    .sort((a, b) => a[0] - b[0]);
  let at = 0;
  for (const [start, end] of valid) {
    const from = Math.max(start, at);
    const to = Math.min(end, text.length);
    if (to <= from) continue;
    if (from > at) parent.append(text.slice(at, from));
    parent.append(el('mark', '', text.slice(from, to)));
    at = to;
  }
  if (at < text.length) parent.append(text.slice(at));
}

export function safeHref(raw) {
  try {
    const u = new URL(String(raw), location.href);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

// In-page links (pages, corrections, fixes) work as real links (new tab, copy) and navigate in
// place on a plain click.
export function internalLink(text, state, className) {
  const a = el('a', className, text);
  a.href = urlOf(state);
  a.addEventListener('click', (event) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(state, { focus: true });
  });
  return a;
}

// ---- dates ----

function dateFormat(locale, options) {
  try {
    return new Intl.DateTimeFormat(locale, options);
  } catch {
    // A browser without the time zone data: the same format in local time.
    const { timeZone, ...rest } = options;
    return new Intl.DateTimeFormat(locale, rest);
  }
}

const DAY = { year: 'numeric', month: 'long', day: 'numeric' };
const TIME = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
const formats = {};
for (const tz of ['UTC', 'Asia/Tehran']) {
  formats[tz] = {
    jalali: dateFormat('fa-IR-u-ca-persian-nu-arabext', { ...DAY, timeZone: tz }),
    gregorian: dateFormat('fa-IR-u-ca-gregory-nu-arabext', { ...DAY, timeZone: tz }),
    time: dateFormat('fa-IR-u-nu-arabext', { ...TIME, timeZone: tz }),
  };
}

// The API's dates are ISO 8601: a day, a local time, or a UTC time ending in Z. A day or a local
// time (the agency's own clock) is shown as written, so it never shifts a day; a zoned time is
// shown as the time in Tehran.
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

// A <time> with the Solar Hijri date (and the Gregorian one on hover), or null for "" or a value
// that is not a date. It carries dir=auto, so it is isolated from the text around it.
export function dateElement(raw) {
  const m = typeof raw === 'string' ? ISO_DATE.exec(raw) : null;
  if (!m) return null;
  const [, y, mo, d, h, mi, , zone] = m;
  const hasTime = h !== undefined && !(h === '00' && mi === '00' && !zone);
  let when;
  let f;
  if (zone) {
    when = new Date(raw.replace(' ', 'T'));
    f = formats['Asia/Tehran'];
  } else {
    when = new Date(Date.UTC(+y, +mo - 1, +d, +(h || 0), +(mi || 0)));
    f = formats.UTC;
  }
  if (Number.isNaN(when.getTime())) return null;
  const clock = hasTime ? '، ' + f.time.format(when) : '';
  const time = el('time', 'hit-date', f.jalali.format(when) + clock);
  time.dir = 'auto';
  time.dateTime = raw;
  time.title = f.gregorian.format(when) + clock;
  return time;
}

// A line of separate facts (source · date · category): each part isolated, the separators
// between them outside every part, so no part's direction reorders another.
export function metaLine(tag, className, parts) {
  const line = el(tag, className);
  for (const part of parts.filter(Boolean)) {
    if (line.childElementCount) line.append(' ', sep(), ' ');
    line.append(part);
  }
  return line;
}

function sep() {
  const s = el('span', 'meta-sep', '·');
  s.setAttribute('aria-hidden', 'true');
  return s;
}
