// Kavosh — the search page's client. Vanilla ES2020, no dependencies, no build step.
//
// The URL is the page's state: q, page, and the filters source (repeatable), category, from, to
// and sort. Every change of state is a history entry, so links can be shared and Back/Forward
// work; the page reads the URL, asks GET /api/search and renders the answer.
//
// The API (docs/api.md) returns query, total, page, per_page, took_ms and hits, and what issue 6
// added; the page shows each part only when the API provides it:
//   facet panel      response.facets: {source|category|month: [{value|key, label?, count,
//                    from?, to?}] or {value: count}}; no `facets` → no panel
//   did you mean     response.suggestion, a non-empty string
//   sort menu        response.sort, the sort the API applied (its presence tells the API sorts)
//   date filter      response.from / response.to present (even empty: the API filters by date)
//   similar articles hit.similar_count, or hit.similar (an array); the list comes from
//                    GET /api/doc/{id}/similar?source= ({hits: [...]} or an array of hits)
//   autocomplete     GET /api/suggest?q= → [string | {text}] or {suggestions: [...]}; a 404
//                    switches it off for the rest of the visit
// Filters in the URL are passed to the API as they are; the page never filters or sorts itself.
'use strict';

const PER_PAGE = 10;
const MAX_PAGE = 1000; // the API's limit on `page`
const MAX_QUERY_BYTES = 2000; // the API's limit on `q`
const FACETS = ['source', 'category', 'month'];
const FACET_TITLES = { source: 'منبع', category: 'دسته', month: 'ماه' };
const SORT_DEFAULT = 'relevance';
const LOADING_DELAY_MS = 150; // below this a search shows no loading message
const SUGGEST_DELAY_MS = 120;

const $ = (id) => document.getElementById(id);
const els = {
  form: $('search-form'),
  q: $('q'),
  suggestions: $('suggestions'),
  section: $('results-section'),
  status: $('status'),
  heading: $('results-heading'),
  results: $('results'),
  empty: $('empty'),
  error: $('error'),
  pager: $('pager'),
  didYouMean: $('did-you-mean'),
  facets: $('facets'),
  facetGroups: $('facet-groups'),
  sortControl: $('sort-control'),
  sort: $('sort'),
  dateFilter: $('date-filter'),
  from: $('from'),
  to: $('to'),
  dateClear: $('date-clear'),
};

const BASE_TITLE = document.title;

// ---- Persian formatting -----------------------------------------------------------------------

const faNum = (n, opts) => Number(n).toLocaleString('fa-IR', opts);

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

// The API's dates are ISO 8601: a day, a local time, or a zoned time. A day or a local time (the
// agency's own clock) is shown as written, so it never shifts a day; a zoned time is shown as
// the time in Tehran.
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

function dateElement(raw) {
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
  time.dateTime = raw;
  time.title = f.gregorian.format(when) + clock; // the Gregorian date on hover
  return time;
}

// ---- DOM helpers -----------------------------------------------------------------------------

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

// Appends the API's highlighted HTML (escaped text plus <mark>) keeping only text and <mark>, so
// nothing else from the response can reach the page as markup.
function appendMarked(parent, html) {
  const doc = new DOMParser().parseFromString(`<!DOCTYPE html><body>${html}`, 'text/html');
  for (const node of doc.body.childNodes) {
    if (node.nodeName === 'MARK') parent.append(el('mark', '', node.textContent));
    else parent.append(node.textContent || '');
  }
}

function safeHref(raw) {
  try {
    const u = new URL(String(raw), location.href);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

const utf8Bytes = (s) => new TextEncoder().encode(s).length;

// ---- state and URL ---------------------------------------------------------------------------

function stateFromUrl() {
  const p = new URLSearchParams(location.search);
  const rawPage = p.get('page');
  // A page that is not a number is page 1; a number out of range goes to the API, whose 400 the
  // page explains.
  const page = /^\d{1,9}$/.test(rawPage || '') ? Math.max(1, Number(rawPage)) : 1;
  return {
    q: (p.get('q') || '').trim(),
    page,
    source: p.getAll('source').filter(Boolean),
    category: p.get('category') || '',
    from: p.get('from') || '',
    to: p.get('to') || '',
    sort: p.get('sort') || '',
  };
}

function hasFilters(s) {
  return s.source.length > 0 || Boolean(s.category || s.from || s.to);
}

function withoutFilters(s) {
  return { ...s, page: 1, source: [], category: '', from: '', to: '' };
}

function paramsOf(s, forApi) {
  const p = new URLSearchParams();
  if (s.q || forApi) p.set('q', s.q);
  if (s.page > 1 || forApi) p.set('page', String(s.page));
  for (const source of s.source) p.append('source', source);
  if (s.category) p.set('category', s.category);
  if (s.from) p.set('from', s.from);
  if (s.to) p.set('to', s.to);
  if (s.sort && s.sort !== SORT_DEFAULT) p.set('sort', s.sort);
  if (forApi) {
    p.set('per_page', String(PER_PAGE));
    p.set('facets', FACETS.join(','));
  }
  return p;
}

function urlOf(s) {
  const query = paramsOf(s, false).toString();
  return location.pathname + (query ? '?' + query : '');
}

// Makes `next` the current state: a new history entry (or the same one when nothing changed),
// then a search. `focus` moves keyboard focus to the results (paging, filters).
function navigate(next, { focus = false } = {}) {
  const url = urlOf(next);
  if (url === location.pathname + location.search) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  run(next, { focus });
}

// Internal links (pages, suggestions, filters) work as real links (new tab, copy) and navigate
// in place on a plain click.
function internalLink(text, state, className) {
  const a = el('a', className, text);
  a.href = urlOf(state);
  a.addEventListener('click', (event) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(state, { focus: true });
  });
  return a;
}

// ---- rendering -------------------------------------------------------------------------------

let current = stateFromUrl();

function setState(name) {
  els.section.dataset.state = name;
}

function clearView() {
  els.results.replaceChildren();
  els.empty.replaceChildren();
  els.empty.hidden = true;
  els.error.replaceChildren();
  els.error.hidden = true;
  els.pager.replaceChildren();
  els.pager.hidden = true;
  els.didYouMean.replaceChildren();
  els.didYouMean.hidden = true;
  els.heading.hidden = true;
}

function renderHit(hit) {
  const li = el('li', 'hit');
  const article = el('article');
  li.append(article);

  const h3 = el('h3', 'hit-heading');
  const title = el('a', 'hit-title');
  const href = safeHref(hit.url);
  if (href) title.href = href;
  if (hit.title_html) appendMarked(title, hit.title_html);
  else title.textContent = hit.title || hit.url || 'بی‌عنوان';
  h3.append(title);
  article.append(h3);

  const meta = el('p', 'hit-meta');
  if (hit.source) meta.append(el('span', 'hit-source', hit.source));
  const date = dateElement(hit.date);
  if (date) meta.append(date);
  if (hit.category) meta.append(el('span', 'hit-category', hit.category));
  if (meta.childElementCount) article.append(meta);

  if (hit.snippet_html) {
    const snippet = el('p', 'hit-snippet');
    appendMarked(snippet, hit.snippet_html);
    article.append(snippet);
  }

  const similar = similarCount(hit);
  if (similar > 0 && hit.id) article.append(similarBlock(hit, similar));
  return li;
}

function similarCount(hit) {
  if (Number.isInteger(hit.similar_count)) return hit.similar_count;
  if (Array.isArray(hit.similar)) return hit.similar.length;
  return 0;
}

// "N similar articles": folded near-duplicates, listed on demand.
function similarBlock(hit, count) {
  const box = el('div', 'similar');
  const button = el('button', 'button-quiet similar-toggle', `${faNum(count)} خبر مشابه`);
  button.type = 'button';
  button.setAttribute('aria-expanded', 'false');
  const list = el('ul', 'similar-list');
  list.id = `similar-${hit.id}`.replace(/[^\w-]/g, '_');
  list.hidden = true;
  button.setAttribute('aria-controls', list.id);
  let loaded = false;
  button.addEventListener('click', async () => {
    const open = button.getAttribute('aria-expanded') !== 'true';
    button.setAttribute('aria-expanded', String(open));
    list.hidden = !open;
    if (!open || loaded) return;
    loaded = true;
    list.replaceChildren(el('li', 'similar-note', 'در حال دریافت…'));
    try {
      // An id is unique only within its source (the shared corpora reuse ids across sources).
      const source = hit.source ? '?' + new URLSearchParams({ source: hit.source }) : '';
      const res = await fetch(`/api/doc/${encodeURIComponent(hit.id)}/similar${source}`, {
        headers: { Accept: 'application/json' },
      });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const data = await res.json();
      const hits = Array.isArray(data) ? data : Array.isArray(data.hits) ? data.hits : [];
      list.replaceChildren(...hits.map(similarItem));
      if (!hits.length) list.append(el('li', 'similar-note', 'خبر مشابهی یافت نشد.'));
    } catch {
      loaded = false;
      list.replaceChildren(el('li', 'similar-note', 'فهرست خبرهای مشابه در دسترس نیست.'));
    }
  });
  box.append(button, list);
  return box;
}

function similarItem(hit) {
  const li = el('li');
  const href = safeHref(hit.url);
  const a = el(href ? 'a' : 'span', 'similar-title', hit.title || hit.url || hit.id);
  if (href) a.href = href;
  li.append(a);
  if (hit.source) li.append(' — ', el('span', 'hit-source', hit.source));
  const date = dateElement(hit.date);
  if (date) li.append(' · ', date);
  return li;
}

function renderPager(page, totalPages) {
  if (totalPages <= 1 && page <= 1) return;
  const list = el('ul', 'pager-list');
  const item = (node) => {
    const li = el('li');
    li.append(node);
    list.append(li);
  };
  const link = (n, text, label, className) => {
    const a = internalLink(text, { ...current, page: n }, className);
    a.setAttribute('aria-label', label);
    a.dataset.page = String(n);
    return a;
  };
  const disabled = (text, className) => {
    const span = el('span', className + ' is-disabled', text);
    span.setAttribute('aria-disabled', 'true');
    return span;
  };

  item(page > 1 ? link(Math.min(page - 1, totalPages), '→ قبلی', 'صفحهٔ قبل', 'pager-prev')
                : disabled('→ قبلی', 'pager-prev'));
  const shown = new Set([1, totalPages]);
  for (let n = page - 2; n <= page + 2; ++n) if (n >= 1 && n <= totalPages) shown.add(n);
  let last = 0;
  for (const n of [...shown].sort((a, b) => a - b)) {
    if (n - last > 1) item(el('span', 'pager-gap', '…'));
    const a = link(n, faNum(n), `صفحهٔ ${faNum(n)}`, 'pager-page');
    if (n === page) a.setAttribute('aria-current', 'page');
    item(a);
    last = n;
  }
  item(page < totalPages ? link(page + 1, 'بعدی ←', 'صفحهٔ بعد', 'pager-next')
                         : disabled('بعدی ←', 'pager-next'));
  els.pager.append(list);
  els.pager.hidden = false;
}

function renderDidYouMean(data) {
  const suggestion = typeof data.suggestion === 'string' ? data.suggestion.trim() : '';
  if (!suggestion || suggestion === current.q) return;
  els.didYouMean.append('آیا منظورتان ',
    internalLink(`«${suggestion}»`, { ...current, q: suggestion, page: 1 }, 'did-you-mean-link'),
    ' بود؟');
  els.didYouMean.hidden = false;
}

function renderEmpty(s) {
  const box = els.empty;
  box.append(el('p', 'notice-title',
    s.q ? `برای «${s.q}» خبری پیدا نشد.` : 'خبری برای نمایش نیست.'));
  const tips = el('ul', 'notice-tips');
  const tip = (...nodes) => {
    const li = el('li');
    li.append(...nodes);
    tips.append(li);
  };
  if (s.q) {
    tip('املای واژه‌ها را بررسی کنید.');
    tip('واژه‌های کمتر یا کلی‌تری را امتحان کنید؛ مثلاً «بودجه» به‌جای «کلیات لایحهٔ بودجه».');
  }
  if (hasFilters(s)) tip(internalLink('پالایه‌ها را بردارید', withoutFilters(s)), ' و دوباره بگردید.');
  tip(internalLink('تازه‌ترین خبرها', { ...withoutFilters(s), q: '', sort: '' }), ' را ببینید.');
  box.append(tips);
  box.hidden = false;
}

// ---- facets, sort and date range (shown only when the API provides them) ------------------------

function facetItems(raw) {
  const items = Array.isArray(raw)
    ? raw
    : raw && typeof raw === 'object'
      ? Object.entries(raw).map(([value, count]) => ({ value, count }))
      : [];
  return items
    .map((it) => (typeof it === 'object' && it ? it : { value: String(it) }))
    .map((it) => ({
      value: String(it.value ?? it.key ?? it.name ?? ''),
      label: String(it.label ?? it.name ?? it.value ?? it.key ?? ''),
      count: Number(it.count),
      from: it.from ? String(it.from) : '',
      to: it.to ? String(it.to) : '',
    }))
    .filter((it) => it.value || it.label);
}

// The state after toggling one facet value, or null when the value is not a filter.
function toggledFacet(name, it, selected) {
  const next = { ...current, page: 1 };
  if (name === 'source') {
    next.source = selected ? current.source.filter((v) => v !== it.value)
                           : [...current.source, it.value];
  } else if (name === 'category') {
    next.category = selected ? '' : it.value;
  } else if (name === 'month' && it.from && it.to) {
    next.from = selected ? '' : it.from;
    next.to = selected ? '' : it.to;
  } else {
    return null;
  }
  return next;
}

function isSelected(name, it) {
  if (name === 'source') return current.source.includes(it.value);
  if (name === 'category') return current.category === it.value;
  if (name === 'month') return Boolean(it.from) && current.from === it.from && current.to === it.to;
  return false;
}

function renderFacets(data) {
  const facets = data && typeof data.facets === 'object' && data.facets ? data.facets : null;
  els.facetGroups.replaceChildren();
  const groups = facets ? Object.keys(facets) : [];
  for (const name of groups) {
    const items = facetItems(facets[name]);
    if (!items.length) continue;
    const fieldset = el('fieldset', 'facet-group');
    fieldset.append(el('legend', '', FACET_TITLES[name] || name));
    const list = el('ul', 'facet-list');
    items.forEach((it, i) => {
      const li = el('li', 'facet-item');
      const selected = isSelected(name, it);
      const next = toggledFacet(name, it, selected);
      const label = el('label');
      const count = Number.isFinite(it.count) ? el('span', 'facet-count', faNum(it.count)) : null;
      if (next) {
        const box = el('input');
        box.type = 'checkbox';
        box.id = `facet-${name}-${i}`;
        box.checked = selected;
        box.addEventListener('change', () => navigate(next, { focus: false }));
        label.htmlFor = box.id;
        li.append(box);
      }
      label.append(el('span', 'facet-label', it.label));
      if (count) label.append(count);
      li.append(label);
      list.append(li);
    });
    fieldset.append(list);
    els.facetGroups.append(fieldset);
  }
  const shown = els.facetGroups.childElementCount > 0;
  els.facets.hidden = !shown;
  document.body.classList.toggle('has-facets', shown);
}

function renderControls(data) {
  const sorts = data && typeof data.sort === 'string';
  els.sortControl.hidden = !sorts;
  if (sorts) els.sort.value = data.sort || SORT_DEFAULT;
  const dates = data && ('from' in data || 'to' in data);
  els.dateFilter.hidden = !dates;
  if (dates) {
    els.from.value = current.from;
    els.to.value = current.to;
  }
}

// ---- the search ------------------------------------------------------------------------------

const cache = new Map(); // API URL → response, so Back and Forward redraw at once
const CACHE_SIZE = 30;
let controller = null; // AbortController of the search in flight
let loadingTimer = 0;

function setBusy(busy) {
  clearTimeout(loadingTimer);
  els.section.setAttribute('aria-busy', busy ? 'true' : 'false');
  if (busy) {
    setState('loading');
    loadingTimer = setTimeout(() => {
      els.status.textContent = 'در حال جست‌وجو…';
    }, LOADING_DELAY_MS);
  }
}

function render(data, s, { focus }) {
  clearView();
  const total = Math.max(0, Number(data.total) || 0);
  const perPage = Number(data.per_page) || PER_PAGE;
  const hits = Array.isArray(data.hits) ? data.hits : [];
  const took = Number(data.took_ms) || 0;
  const totalPages = Math.min(MAX_PAGE, Math.max(1, Math.ceil(total / perPage)));

  renderFacets(data);
  renderControls(data);
  renderDidYouMean(data);

  if (total === 0) {
    els.status.textContent = s.q ? 'بدون نتیجه' : '';
    renderEmpty(s);
    setState('empty');
    return;
  }

  const time = `${faNum(took, { maximumFractionDigits: 1 })} میلی‌ثانیه`;
  const pageNote = s.page > 1 ? ` — صفحهٔ ${faNum(s.page)} از ${faNum(totalPages)}` : '';
  els.status.textContent = s.q
    ? `${faNum(total)} نتیجه در ${time}${pageNote}`
    : `${faNum(total)} خبر در بایگانی${pageNote}`;
  els.heading.hidden = Boolean(s.q);

  if (hits.length === 0) {
    const note = el('p', 'notice-title', `صفحهٔ ${faNum(s.page)} نتیجه‌ای ندارد.`);
    els.empty.append(note, internalLink('رفتن به صفحهٔ نخست', { ...s, page: 1 }));
    els.empty.hidden = false;
    setState('empty');
    return;
  }
  els.results.start = (s.page - 1) * perPage + 1;
  els.results.replaceChildren(...hits.map(renderHit));
  renderPager(s.page, totalPages);
  setState('results');
  if (focus) {
    els.status.focus({ preventScroll: true });
    els.section.scrollIntoView({ block: 'start' });
  }
}

// What a 400 means, in Persian, from the parameter the API names in its message.
function explainBadRequest(message, s) {
  const param = (/parameter '([^']+)'/.exec(message) || [])[1] || '';
  switch (param) {
    case 'q':
      if (/long/.test(message) || utf8Bytes(s.q) > MAX_QUERY_BYTES) {
        return { text: `عبارت جست‌وجو بیش از اندازه بلند است؛ حداکثر ${faNum(MAX_QUERY_BYTES)} بایت (حدود ${faNum(MAX_QUERY_BYTES / 2)} حرف فارسی) پذیرفته می‌شود. آن را کوتاه‌تر کنید.`, fix: null };
      }
      if (/UTF-8/.test(message)) return { text: 'عبارت جست‌وجو نویسه‌های نامعتبر دارد. آن را دوباره تایپ کنید.', fix: null };
      return { text: 'عبارت جست‌وجو پذیرفته نشد. آن را اصلاح کنید.', fix: null };
    case 'page':
      return { text: `شمارهٔ صفحه نامعتبر است؛ باید عددی از ${faNum(1)} تا ${faNum(MAX_PAGE)} باشد.`,
               fix: ['رفتن به صفحهٔ نخست نتیجه‌ها', { ...s, page: 1 }] };
    case 'per_page':
      return { text: 'تعداد نتیجه در هر صفحه نامعتبر است.', fix: ['رفتن به صفحهٔ نخست نتیجه‌ها', { ...s, page: 1 }] };
    case 'from':
    case 'to':
      return { text: 'تاریخ بازه نامعتبر است؛ آن را خورشیدی (۱۴۰۴/۱۰/۱۶) یا میلادی (2026-01-06) بنویسید.',
               fix: ['حذف بازهٔ تاریخ', { ...s, page: 1, from: '', to: '' }] };
    case 'sort':
      return { text: 'ترتیب خواسته‌شده برای نتیجه‌ها شناخته نیست.', fix: ['ترتیب پیش‌فرض', { ...s, page: 1, sort: '' }] };
    case 'source':
    case 'category':
      return { text: 'پالایهٔ منبع یا دسته نامعتبر است.', fix: ['حذف پالایه‌ها', withoutFilters(s)] };
    default:
      return { text: 'درخواست جست‌وجو نامعتبر است. عبارت یا نشانی صفحه را اصلاح کنید.', fix: null };
  }
}

function showError({ title, text, detail, fix, retry }) {
  clearView();
  els.status.textContent = '';
  els.error.append(el('p', 'notice-title', title));
  if (text) els.error.append(el('p', '', text));
  if (detail) {
    const p = el('p', 'notice-detail', 'پیام سرور: ');
    p.append(el('code', '', detail));
    els.error.append(p);
  }
  const actions = el('p', 'notice-actions');
  if (fix) actions.append(internalLink(fix[0], fix[1]));
  if (retry) {
    const button = el('button', 'retry', 'تلاش دوباره');
    button.type = 'button';
    button.addEventListener('click', () => run(current, { focus: true }));
    actions.append(button);
  }
  if (actions.childNodes.length) els.error.append(actions);
  els.error.hidden = false;
  setState('error');
}

async function run(s, { focus = false } = {}) {
  current = s;
  if (document.activeElement !== els.q || els.q.value.trim() !== s.q) els.q.value = s.q;
  closeSuggestions();
  const pageTitle = s.page > 1 ? ` — صفحهٔ ${faNum(s.page)}` : '';
  document.title = s.q ? `${s.q}${pageTitle} — کاوش` : BASE_TITLE;
  document.body.classList.toggle('has-query', Boolean(s.q));

  if (controller) controller.abort();
  const apiUrl = '/api/search?' + paramsOf(s, true);
  if (cache.has(apiUrl)) {
    controller = null;
    setBusy(false);
    render(cache.get(apiUrl), s, { focus });
    return;
  }

  const ctrl = new AbortController();
  controller = ctrl;
  setBusy(true);
  try {
    const res = await fetch(apiUrl, { signal: ctrl.signal, headers: { Accept: 'application/json' } });
    let data = null;
    try {
      data = await res.json();
    } catch {
      // not JSON: handled below
    }
    if (ctrl !== controller) return; // a newer search has started
    controller = null;
    setBusy(false);
    if (res.ok && data && typeof data === 'object' && Array.isArray(data.hits)) {
      cache.set(apiUrl, data);
      if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value);
      render(data, s, { focus });
    } else if (res.status === 400) {
      const message = data && data.error ? String(data.error) : '';
      showError({ title: 'این جست‌وجو پذیرفته نشد.', ...explainBadRequest(message, s), detail: message });
    } else if (res.ok) {
      showError({ title: 'پاسخ سرور خوانا نبود.', text: 'کمی بعد دوباره تلاش کنید.', retry: true });
    } else {
      showError({
        title: `خطایی در سرور رخ داد (کد ${faNum(res.status, { useGrouping: false })}).`,
        text: 'کمی بعد دوباره تلاش کنید.',
        detail: data && data.error ? String(data.error) : '',
        retry: true,
      });
    }
  } catch (err) {
    if (ctrl !== controller || (err && err.name === 'AbortError')) return;
    controller = null;
    setBusy(false);
    showError({
      title: 'سرور در دسترس نیست.',
      text: 'ارتباط با سرور کاوش برقرار نشد. اتصال شبکه را بررسی کنید، یا اگر سرور را خودتان اجرا می‌کنید مطمئن شوید روشن است؛ سپس دوباره تلاش کنید.',
      retry: true,
    });
  }
}

// ---- autocomplete (GET /api/suggest; off after a 404) ------------------------------------------

let suggestOn = true;
let suggestTimer = 0;
let suggestController = null;
let activeSuggestion = -1;

function closeSuggestions() {
  clearTimeout(suggestTimer);
  if (suggestController) suggestController.abort();
  suggestController = null;
  els.suggestions.hidden = true;
  els.suggestions.replaceChildren();
  els.q.setAttribute('aria-expanded', 'false');
  els.q.removeAttribute('aria-activedescendant');
  activeSuggestion = -1;
}

function suggestionTexts(data) {
  const list = Array.isArray(data) ? data : data && Array.isArray(data.suggestions) ? data.suggestions : [];
  return list
    .map((it) => (typeof it === 'string' ? it : it && (it.text ?? it.suggestion ?? it.query ?? it.title)))
    .filter((t) => typeof t === 'string' && t.trim())
    .slice(0, 8);
}

async function fetchSuggestions(text) {
  if (suggestController) suggestController.abort();
  const ctrl = new AbortController();
  suggestController = ctrl;
  try {
    const res = await fetch('/api/suggest?' + new URLSearchParams({ q: text }), {
      signal: ctrl.signal,
      headers: { Accept: 'application/json' },
    });
    if (res.status === 404) {
      suggestOn = false; // this server has no suggestions
      return;
    }
    if (!res.ok) return;
    const texts = suggestionTexts(await res.json());
    if (ctrl !== suggestController || document.activeElement !== els.q) return;
    showSuggestions(texts);
  } catch {
    // no suggestions this time
  }
}

function showSuggestions(texts) {
  els.suggestions.replaceChildren();
  activeSuggestion = -1;
  els.q.removeAttribute('aria-activedescendant');
  texts.forEach((text, i) => {
    const li = el('li', 'suggestion', text);
    li.id = `suggestion-${i}`;
    li.setAttribute('role', 'option');
    li.setAttribute('aria-selected', 'false');
    li.addEventListener('mousedown', (event) => event.preventDefault()); // keep focus in the box
    li.addEventListener('click', () => chooseSuggestion(text));
    els.suggestions.append(li);
  });
  const open = texts.length > 0;
  els.suggestions.hidden = !open;
  els.q.setAttribute('aria-expanded', String(open));
}

function moveSuggestion(delta) {
  const options = els.suggestions.children;
  if (els.suggestions.hidden || !options.length) return false;
  activeSuggestion = (activeSuggestion + delta + options.length + 1) % (options.length + 1);
  if (activeSuggestion === options.length) activeSuggestion = -1; // back to what was typed
  [...options].forEach((o, i) => o.setAttribute('aria-selected', String(i === activeSuggestion)));
  if (activeSuggestion >= 0) {
    els.q.setAttribute('aria-activedescendant', options[activeSuggestion].id);
    options[activeSuggestion].scrollIntoView({ block: 'nearest' });
  } else {
    els.q.removeAttribute('aria-activedescendant');
  }
  return true;
}

function chooseSuggestion(text) {
  closeSuggestions();
  els.q.value = text;
  navigate({ ...current, q: text.trim(), page: 1 });
}

els.q.addEventListener('input', () => {
  clearTimeout(suggestTimer);
  const text = els.q.value.trim();
  if (!suggestOn || !text) {
    closeSuggestions();
    return;
  }
  suggestTimer = setTimeout(() => fetchSuggestions(text), SUGGEST_DELAY_MS);
});

els.q.addEventListener('keydown', (event) => {
  if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
    if (moveSuggestion(event.key === 'ArrowDown' ? 1 : -1)) event.preventDefault();
  } else if (event.key === 'Enter' && activeSuggestion >= 0) {
    event.preventDefault();
    chooseSuggestion(els.suggestions.children[activeSuggestion].textContent);
  } else if (event.key === 'Escape' && !els.suggestions.hidden) {
    event.preventDefault(); // close the list, keep the text
    closeSuggestions();
  }
});

els.q.addEventListener('blur', () => setTimeout(closeSuggestions, 100));

// ---- events ----------------------------------------------------------------------------------

els.form.addEventListener('submit', (event) => {
  event.preventDefault();
  // A new query starts at page 1 and keeps the filters and the sort.
  navigate({ ...current, q: els.q.value.trim(), page: 1 });
});

els.sort.addEventListener('change', () => {
  navigate({ ...current, page: 1, sort: els.sort.value === SORT_DEFAULT ? '' : els.sort.value });
});

els.dateFilter.addEventListener('submit', (event) => {
  event.preventDefault();
  navigate({ ...current, page: 1, from: els.from.value.trim(), to: els.to.value.trim() }, { focus: true });
});

els.dateClear.addEventListener('click', () => {
  navigate({ ...current, page: 1, from: '', to: '' }, { focus: true });
});

window.addEventListener('popstate', () => run(stateFromUrl()));

// "/" anywhere outside a text field goes to the search box.
document.addEventListener('keydown', (event) => {
  if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey) return;
  const t = event.target;
  if (t instanceof HTMLInputElement || t instanceof HTMLTextAreaElement || t instanceof HTMLSelectElement
      || (t instanceof HTMLElement && t.isContentEditable)) return;
  event.preventDefault();
  els.q.focus();
  els.q.select();
});

run(current);
if (!current.q) els.q.focus();
