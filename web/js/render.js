// The results column: status line, "did you mean", hits (marked from the API's highlight spans),
// similar articles, pager, the empty state and the error notice.
import * as api from './api.js';
import { describeError } from './errors.js';
import {
  $, appendMarked, bdi, dateElement, el, faNum, internalLink, metaLine, safeHref,
} from './dom.js';
import { MAX_PAGE, PER_PAGE, current, hasFilters, withoutFilters } from './state.js';

const els = {
  section: $('results-section'),
  status: $('status'),
  heading: $('results-heading'),
  results: $('results'),
  empty: $('empty'),
  error: $('error'),
  pager: $('pager'),
  didYouMean: $('did-you-mean'),
};

const LOADING_DELAY_MS = 150; // below this a search shows no loading message
let loadingTimer = 0;
let similarLists = 0; // numbers the similar-articles lists, for their ids

function setState(name) {
  els.section.dataset.state = name;
}

export function setBusy(busy) {
  clearTimeout(loadingTimer);
  els.section.setAttribute('aria-busy', busy ? 'true' : 'false');
  if (busy) {
    setState('loading');
    loadingTimer = setTimeout(() => {
      els.status.textContent = 'در حال جست‌وجو…';
    }, LOADING_DELAY_MS);
  }
}

export function clearResults() {
  for (const box of [els.results, els.empty, els.error, els.pager, els.didYouMean]) box.replaceChildren();
  for (const box of [els.empty, els.error, els.pager, els.didYouMean, els.heading]) box.hidden = true;
}

// ---- a hit ----

function renderHit(hit) {
  const li = el('li', 'hit');
  const article = el('article');
  li.append(article);

  const h3 = el('h3', 'hit-heading');
  const title = el('a', 'hit-title');
  title.dir = 'auto';
  const href = safeHref(hit.url);
  if (href) title.href = href;
  if (hit.title) appendMarked(title, hit.title, hit.highlights.title);
  else title.textContent = hit.url || 'بی‌عنوان';
  h3.append(title);
  article.append(h3);

  const meta = metaLine('p', 'hit-meta', [
    hit.source && bdi('hit-source', hit.source),
    dateElement(hit.date),
    hit.category && bdi('hit-category', hit.category),
  ]);
  if (meta.childElementCount) article.append(meta);

  if (hit.snippet) {
    const snippet = el('p', 'hit-snippet');
    appendMarked(snippet, hit.snippet, hit.highlights.snippet);
    article.append(snippet);
  }
  if (hit.similar_count > 0) article.append(similarBlock(hit));
  return li;
}

// "N similar articles": the near-duplicates folded into this hit, listed on demand.
function similarBlock(hit) {
  const box = el('div', 'similar');
  const button = el('button', 'button-quiet similar-toggle', `${faNum(hit.similar_count)} خبر مشابه`);
  button.type = 'button';
  button.setAttribute('aria-expanded', 'false');
  const list = el('ul', 'similar-list');
  list.id = `similar-${++similarLists}`;
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
      const data = await api.similar(hit.id, hit.source);
      list.replaceChildren(...data.hits.map(similarItem));
      if (!data.hits.length) list.append(el('li', 'similar-note', 'خبر مشابهی یافت نشد.'));
    } catch (err) {
      loaded = false;
      const { title, text } = describeError(err, null);
      list.replaceChildren(el('li', 'similar-note', `فهرست خبرهای مشابه در دسترس نیست: ${title} ${text}`));
    }
  });
  box.append(button, list);
  return box;
}

function similarItem(hit) {
  const li = el('li', 'similar-item');
  const href = safeHref(hit.url);
  const title = el(href ? 'a' : 'span', 'similar-title', hit.title || hit.url || hit.id);
  title.dir = 'auto';
  if (href) title.href = href;
  li.append(metaLine('span', 'similar-meta', [
    title,
    hit.source && bdi('hit-source', hit.source),
    dateElement(hit.date),
  ]));
  return li;
}

// ---- pager, correction, empty state ----

function renderPager(page, totalPages) {
  if (totalPages <= 1 && page <= 1) return;
  const list = el('ul', 'pager-list');
  const item = (node) => {
    const li = el('li');
    li.append(node);
    list.append(li);
  };
  const link = (n, text, label, className) => {
    const a = internalLink(text, { ...current(), page: n }, className);
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

function renderDidYouMean(suggestion, s) {
  if (!suggestion || suggestion === s.q) return;
  els.didYouMean.append('آیا منظورتان ',
    internalLink(`«${suggestion}»`, { ...s, q: suggestion, page: 1 }, 'did-you-mean-link'),
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

// ---- a whole answer ----

// Draws a GET /api/search answer for state `s`; `focus` moves keyboard focus to the status line.
export function renderResults(data, s, { focus }) {
  clearResults();
  const total = data.total;
  const perPage = data.per_page || PER_PAGE;
  const totalPages = Math.min(MAX_PAGE, Math.max(1, Math.ceil(total / perPage)));
  renderDidYouMean(data.suggestion, s);

  if (total === 0) {
    els.status.textContent = s.q ? 'بدون نتیجه' : '';
    renderEmpty(s);
    setState('empty');
    return;
  }

  const time = `${faNum(data.took_ms, { maximumFractionDigits: 1 })} میلی‌ثانیه`;
  const pageNote = s.page > 1 ? ` — صفحهٔ ${faNum(s.page)} از ${faNum(totalPages)}` : '';
  // An estimate (total_exact false: more matches than the server counts one by one) says so.
  const about = data.total_exact === false ? 'حدود ' : '';
  els.status.textContent = s.q
    ? `${about}${faNum(total)} نتیجه در ${time}${pageNote}`
    : `${about}${faNum(total)} خبر در بایگانی${pageNote}`;
  els.heading.hidden = Boolean(s.q);

  if (data.hits.length === 0) {
    const note = el('p', 'notice-title', `صفحهٔ ${faNum(s.page)} نتیجه‌ای ندارد.`);
    els.empty.append(note, internalLink('رفتن به صفحهٔ نخست', { ...s, page: 1 }));
    els.empty.hidden = false;
    setState('empty');
    return;
  }
  els.results.start = (s.page - 1) * perPage + 1;
  els.results.replaceChildren(...data.hits.map(renderHit));
  renderPager(s.page, totalPages);
  setState('results');
  if (focus) {
    els.status.focus({ preventScroll: true });
    els.section.scrollIntoView({ block: 'start' });
  }
}

// Shows an error (errors.js `describeError`) at the top of the results, in view; focus moves to
// it unless the reader is typing in the search box.
export function renderError(info, { onRetry, keepFocus }) {
  clearResults();
  els.status.textContent = '';
  els.error.append(el('p', 'notice-title', info.title));
  if (info.text) els.error.append(el('p', '', info.text));
  if (info.detail) {
    const p = el('p', 'notice-detail', 'پیام سرور: ');
    const code = el('code', '', info.detail);
    code.dir = 'ltr';
    p.append(code);
    els.error.append(p);
  }
  const actions = el('p', 'notice-actions');
  for (const [label, state] of info.fixes) actions.append(internalLink(label, state));
  if (info.retry) {
    const button = el('button', 'retry', 'تلاش دوباره');
    button.type = 'button';
    button.addEventListener('click', onRetry);
    actions.append(button);
  }
  if (actions.childNodes.length) els.error.append(actions);
  els.error.hidden = false;
  setState('error');
  const box = els.error.getBoundingClientRect();
  if (box.top < 0 || box.bottom > window.innerHeight) els.error.scrollIntoView({ block: 'start' });
  if (!keepFocus) els.error.focus({ preventScroll: true });
}
