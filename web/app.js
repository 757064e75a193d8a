// Kavosh — client for GET /api/search. Vanilla ES2020, no dependencies.
'use strict';

const PER_PAGE = 10;

const $ = (id) => document.getElementById(id);
const els = {
  form: $('search-form'),
  q: $('q'),
  section: $('results-section'),
  status: $('status'),
  results: $('results'),
  empty: $('empty'),
  error: $('error'),
  pager: $('pager'),
  prev: $('prev'),
  next: $('next'),
  pageInfo: $('page-info'),
};

const BASE_TITLE = document.title;
const faNum = (n, opts) => Number(n).toLocaleString('fa-IR', opts);
const jalali = {};
for (const tz of ['UTC', 'Asia/Tehran']) {
  try {
    jalali[tz] = new Intl.DateTimeFormat('fa-IR', { year: 'numeric', month: 'long', day: 'numeric', timeZone: tz });
  } catch {
    jalali[tz] = new Intl.DateTimeFormat('fa-IR', { year: 'numeric', month: 'long', day: 'numeric' });
  }
}

let controller = null; // AbortController of the in-flight search
let current = { q: '', page: 1, totalPages: 1 };

// ---- URL state -----------------------------------------------------------

function readUrl() {
  const params = new URLSearchParams(location.search);
  const q = (params.get('q') || '').trim();
  const page = Number.parseInt(params.get('page') || '1', 10);
  return { q, page: Number.isFinite(page) && page >= 1 ? page : 1 };
}

function urlFor(q, page) {
  return '?' + new URLSearchParams({ q, page: String(page) }).toString();
}

function navigate(q, page) {
  const url = urlFor(q, page);
  if (location.search === url) history.replaceState({ q, page }, '', url);
  else history.pushState({ q, page }, '', url);
  search(q, page);
}

// ---- rendering helpers -----------------------------------------------------

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function safeHref(raw) {
  try {
    const u = new URL(String(raw), location.href);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

function dateElement(raw) {
  if (typeof raw !== 'string' || !/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(raw)) return null;
  // A date alone, or a time without a zone (the agency's local time), names a
  // calendar day: format that day in UTC so it never shifts. A zoned time is
  // shown as the day it was in Tehran.
  const zoned = /(Z|[+-]\d{2}:?\d{2})$/.test(raw);
  const d = new Date(zoned ? raw.replace(' ', 'T') : raw.slice(0, 10) + 'T00:00:00Z');
  if (Number.isNaN(d.getTime())) return null;
  const text = jalali[zoned ? 'Asia/Tehran' : 'UTC'].format(d);
  const time = el('time', 'hit-date', text);
  time.dateTime = raw;
  time.title = raw; // Gregorian ISO date on hover
  return time;
}

function renderHit(hit) {
  const li = el('li', 'hit');

  const title = el('a', 'hit-title');
  const href = safeHref(hit.url);
  if (href) {
    title.href = href;
    title.target = '_blank';
    title.rel = 'noopener';
  }
  // title_html is server-escaped text plus <mark> only.
  if (hit.title_html) title.innerHTML = hit.title_html;
  else title.textContent = hit.title || hit.url || '';
  li.append(title);

  const meta = el('div', 'hit-meta');
  if (hit.source) meta.append(el('span', 'hit-source', String(hit.source)));
  const date = dateElement(hit.date);
  if (date) meta.append(date);
  if (meta.childElementCount) li.append(meta);

  if (hit.snippet_html) {
    const snippet = el('p', 'hit-snippet');
    snippet.innerHTML = hit.snippet_html; // server-escaped text plus <mark> only
    li.append(snippet);
  }
  return li;
}

function setBusy(busy) {
  const v = busy ? 'true' : 'false';
  els.section.setAttribute('aria-busy', v);
  els.results.setAttribute('aria-busy', v);
}

function resetView() {
  els.results.replaceChildren();
  els.empty.hidden = true;
  els.error.hidden = true;
  els.error.replaceChildren();
  els.pager.hidden = true;
  els.status.textContent = '';
}

function showError(message, detail) {
  resetView();
  els.error.append(el('p', 'notice-title', message));
  if (detail) els.error.append(el('code', '', detail));
  els.error.hidden = false;
}

function renderPager(page, totalPages) {
  current.totalPages = totalPages;
  els.pager.hidden = totalPages <= 1 && page <= 1;
  els.prev.disabled = page <= 1;
  els.next.disabled = page >= totalPages;
  els.pageInfo.textContent = `صفحهٔ ${faNum(page)} از ${faNum(totalPages)}`;
}

function renderResults(data, page) {
  resetView();
  const total = Number(data.total) || 0;
  const perPage = Number(data.per_page) || PER_PAGE;
  const hits = Array.isArray(data.hits) ? data.hits : [];
  const took = Number(data.took_ms) || 0;

  els.status.textContent =
    `${faNum(total)} نتیجه در ${faNum(took, { maximumFractionDigits: 1 })} میلی‌ثانیه`;

  if (total === 0) {
    els.empty.hidden = false;
    return;
  }
  if (hits.length === 0) {
    els.status.textContent += ' — این صفحه نتیجه‌ای ندارد.';
  }
  els.results.start = (page - 1) * perPage + 1;
  els.results.replaceChildren(...hits.map(renderHit));
  renderPager(page, Math.max(1, Math.ceil(total / perPage)));
}

// ---- search ------------------------------------------------------------------

async function search(q, page) {
  if (controller) controller.abort();
  current = { q, page, totalPages: current.totalPages };
  els.q.value = q;

  if (!q) {
    controller = null;
    setBusy(false);
    resetView();
    document.title = BASE_TITLE;
    return;
  }

  document.title = `${q} — کاوش`;
  const ctrl = new AbortController();
  controller = ctrl;
  setBusy(true);
  els.empty.hidden = true;
  els.error.hidden = true;
  els.status.textContent = 'در حال جست‌وجو…';

  const params = new URLSearchParams({ q, page: String(page), per_page: String(PER_PAGE) });
  try {
    const res = await fetch('/api/search?' + params, {
      signal: ctrl.signal,
      headers: { Accept: 'application/json' },
    });
    let data = null;
    try { data = await res.json(); } catch { /* non-JSON body */ }
    if (ctrl !== controller) return; // a newer search has started

    if (res.ok && data && typeof data === 'object') {
      renderResults(data, page);
    } else if (res.status === 400) {
      showError('عبارت جست‌وجو نامعتبر است. لطفاً آن را اصلاح کنید.', data && data.error ? String(data.error) : '');
    } else {
      const detail = data && data.error ? `HTTP ${res.status}: ${data.error}` : `HTTP ${res.status}`;
      showError('خطایی در سرور رخ داد. لطفاً کمی بعد دوباره تلاش کنید.', detail);
    }
  } catch (err) {
    if (ctrl !== controller || err.name === 'AbortError') return;
    showError('دسترسی به سرور ممکن نیست. اتصال شبکه را بررسی کنید و دوباره تلاش کنید.');
  } finally {
    if (ctrl === controller) {
      controller = null;
      setBusy(false);
    }
  }
}

// ---- events ------------------------------------------------------------------

els.form.addEventListener('submit', (event) => {
  event.preventDefault();
  const q = els.q.value.trim();
  if (!q) {
    els.q.value = '';
    els.q.focus();
    return;
  }
  navigate(q, 1);
});

function goToPage(page) {
  if (!current.q || page < 1) return;
  navigate(current.q, page);
  els.form.scrollIntoView({ block: 'start' });
}

els.prev.addEventListener('click', () => goToPage(current.page - 1));
els.next.addEventListener('click', () => goToPage(current.page + 1));

window.addEventListener('popstate', () => {
  const { q, page } = readUrl();
  search(q, page);
});

{
  const { q, page } = readUrl();
  if (q) search(q, page);
}
