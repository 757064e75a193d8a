// The search page in headless Chromium, against the real kavosh-server on a real index of the
// sample corpus (see harness.mjs). Run: node --test tests/browser/ (CTest: "browser: search page").
//
// Screenshots of the main states go to build/browser-artifacts/ (KAVOSH_ARTIFACTS): look at them.
import assert from 'node:assert/strict';
import { copyFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import { Server, artifactPath, config, indexSample, launchBrowser, tempDir } from './harness.mjs';

const DESKTOP = { width: 1100, height: 820 };
const PHONE = { width: 390, height: 844 };
const PERSIAN_DIGIT = /[۰-۹]/;

let tmp;
let server;
let browser;

// A new page in a fresh context. Requests that would leave 127.0.0.1 (the articles' own sites)
// are answered by a stub, so following a result's link stays on this machine. Uncaught page
// errors fail the test that made them.
async function openPage(t, options = {}) {
  const context = await browser.newContext({
    viewport: DESKTOP,
    locale: 'fa-IR',
    timezoneId: 'Asia/Tehran',
    colorScheme: 'light',
    reducedMotion: 'reduce',
    ...options,
  });
  context.setDefaultTimeout(10_000);
  await context.route((url) => url.hostname !== '127.0.0.1', (route) =>
    route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8',
                    body: '<!DOCTYPE html><title>article</title><p>the article</p>' }));
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (err) => errors.push(err));
  t.after(async () => {
    await context.close();
    assert.deepEqual(errors.map(String), [], 'uncaught errors on the page');
  });
  return page;
}

// Waits until the page has drawn the answer to its last search; returns the state drawn.
async function settled(page) {
  await page.waitForFunction(() => {
    const s = document.getElementById('results-section');
    return s.getAttribute('aria-busy') === 'false' && !['idle', 'loading'].includes(s.dataset.state);
  });
  return page.locator('#results-section').getAttribute('data-state');
}

async function goto(page, query = '') {
  await page.goto(server.base + '/' + query);
  return settled(page);
}

async function search(page, q) {
  await page.fill('#q', q);
  await page.press('#q', 'Enter');
  return settled(page);
}

const titles = (page) => page.locator('.hit-title').allTextContents();

function searchParams(page) {
  return new URL(page.url()).searchParams;
}

async function shot(page, name) {
  const file = await artifactPath(name + '.png');
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: file });
  return file;
}

async function api(query) {
  const res = await fetch(`${server.base}/api/search?${new URLSearchParams(query)}`);
  assert.equal(res.status, 200);
  return res.json();
}

describe('the search page in Chromium', { timeout: 120_000 }, () => {
  before(async () => {
    tmp = await tempDir();
    const db = path.join(tmp.dir, 'db');
    await indexSample(db);
    server = await Server.start(db);
    browser = await launchBrowser();
  });

  after(async () => {
    if (browser) await browser.close();
    if (server) await server.stop();
    if (tmp) await tmp.remove();
  });

  it('home: right to left, in Persian, in Vazirmatn, with the newest articles', async (t) => {
    const page = await openPage(t);
    assert.equal(await goto(page), 'results');
    assert.equal(await page.getAttribute('html', 'lang'), 'fa');
    assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
    assert.equal(await page.evaluate(() => getComputedStyle(document.body).direction), 'rtl');
    const font = await page.evaluate(async () => {
      await document.fonts.ready;
      const face = [...document.fonts].find((f) => f.family.replace(/["']/g, '') === 'Vazirmatn');
      return face ? face.status : 'no @font-face';
    });
    assert.equal(font, 'loaded', 'Vazirmatn is served from web/fonts/ (make deps copies it)');
    assert.equal(await page.locator('#results-heading').textContent(), 'تازه‌ترین خبرها');
    assert.equal(await page.locator('.hit').count(), 10);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'q', 'the search box has focus');
    assert.match(await page.locator('#status').textContent(), PERSIAN_DIGIT);
    await shot(page, 'home');
  });

  it('typing a query shows its highlighted results, linked, with Solar Hijri dates', async (t) => {
    const page = await openPage(t);
    await goto(page);
    // Arabic letters (ك, ي): the results are marked in the articles' Persian spelling.
    await page.locator('#q').pressSequentially('كتابي', { delay: 15 });
    await page.press('#q', 'Enter');
    assert.equal(await settled(page), 'results');
    assert.equal(searchParams(page).get('q'), 'كتابي');
    assert.equal(await page.title(), 'كتابي — کاوش');

    const expected = await api({ q: 'كتابي', page: 1, per_page: 10 });
    assert.ok(expected.total >= 1);
    const hrefs = await page.locator('.hit-title').evaluateAll((as) => as.map((a) => a.href));
    assert.deepEqual(hrefs, expected.hits.map((h) => h.url), 'each title links to its article');
    assert.deepEqual(await titles(page), expected.hits.map((h) => h.title));

    const status = await page.locator('#status').textContent();
    assert.match(status, /^[۰-۹٬]+ نتیجه در [۰-۹٫]+ میلی‌ثانیه$/, status);

    const marks = await page.locator('.hit-snippet mark').allTextContents();
    assert.ok(marks.includes('کتابی'), `marked words: ${marks}`);
    const markBg = await page.locator('.hit-snippet mark').first()
      .evaluate((m) => getComputedStyle(m).backgroundColor);
    assert.notEqual(markBg, 'rgba(0, 0, 0, 0)', 'marks are visibly highlighted');

    for (const time of await page.locator('.hit-date').all()) {
      assert.match(await time.textContent(), /^[۰-۹]{1,2} [^\s،]+ ۱۴[۰-۹]{2}(، [۰-۹]{2}:[۰-۹]{2})?$/);
      assert.match(await time.getAttribute('title'), /۲۰[۰-۹]{2}/, 'the Gregorian date on hover');
    }
    await page.evaluate(() => document.activeElement.blur());
    const file = await shot(page, 'results-light');
    if (config.readmeShot) await copyFile(file, config.readmeShot);
  });

  it('dates: the day as the agency wrote it, in the Solar Hijri calendar', async (t) => {
    const page = await openPage(t);
    // pk-0049 is dated "2026-05-08 11:30:00" in the corpus.
    await goto(page, '?q=' + encodeURIComponent('نمایشگاه بین‌المللی کتاب'));
    const hit = page.locator('.hit', { has: page.locator('a[href$="/pk-0049"]') });
    const time = hit.locator('time');
    assert.equal(await time.textContent(), '۱۸ اردیبهشت ۱۴۰۵، ۱۱:۳۰');
    assert.equal(await time.getAttribute('title'), '۸ مهٔ ۲۰۲۶، ۱۱:۳۰');
    assert.equal(await time.getAttribute('datetime'), '2026-05-08T11:30:00');
  });

  it('a result\'s title opens its article; Back returns to the same results', async (t) => {
    const page = await openPage(t);
    await goto(page, '?q=' + encodeURIComponent('کتاب'));
    const before = await titles(page);
    const first = page.locator('.hit-title').first();
    const href = await first.getAttribute('href');
    assert.match(href, /^https?:\/\//);
    await first.click();
    await page.waitForURL(href);
    assert.equal(await page.title(), 'article');
    await page.goBack();
    assert.equal(await settled(page), 'results');
    assert.equal(searchParams(page).get('q'), 'کتاب');
    assert.deepEqual(await titles(page), before);
  });

  it('paging forward, then Back and Forward restore each page', async (t) => {
    const page = await openPage(t);
    await goto(page);
    await search(page, 'تهران');
    const total = (await api({ q: 'تهران' })).total;
    assert.ok(total > 20, `enough results to page: ${total}`);
    const page1 = await titles(page);
    assert.equal(await page.locator('.pager [aria-current="page"]').textContent(), '۱');

    await page.click('.pager-next');
    assert.equal(await settled(page), 'results');
    assert.equal(searchParams(page).get('page'), '2');
    assert.equal(await page.locator('.pager [aria-current="page"]').textContent(), '۲');
    assert.match(await page.locator('#status').textContent(), /صفحهٔ ۲ از/);
    assert.equal(await page.locator('#results').getAttribute('start'), '11');
    const page2 = await titles(page);
    assert.notDeepEqual(page2, page1);
    const third = await page.locator('.pager a.pager-page[data-page="3"]').getAttribute('href');
    assert.equal(new URL(third, server.base).searchParams.get('page'), '3', 'page links are real URLs');

    await page.goBack();
    assert.equal(await settled(page), 'results');
    assert.equal(searchParams(page).get('page'), null);
    assert.equal(searchParams(page).get('q'), 'تهران');
    assert.deepEqual(await titles(page), page1);
    assert.equal(await page.inputValue('#q'), 'تهران');

    await page.goForward();
    assert.equal(await settled(page), 'results');
    assert.deepEqual(await titles(page), page2);
  });

  it('dark mode follows the system setting', async (t) => {
    const page = await openPage(t, { colorScheme: 'dark' });
    await goto(page, '?q=' + encodeURIComponent('کتاب'));
    const [bg, fg] = await page.evaluate(() => {
      const s = getComputedStyle(document.body);
      return [s.backgroundColor, s.color];
    });
    const lum = (rgb) => rgb.match(/\d+/g).slice(0, 3).map(Number).reduce((a, b) => a + b, 0) / 3;
    assert.ok(lum(bg) < 60 && lum(fg) > 180, `dark background, light text: ${bg} / ${fg}`);
    assert.ok(await page.locator('.hit-snippet mark').count() > 0);
    await shot(page, 'results-dark');
  });

  it('a phone-width screen: everything fits, nothing scrolls sideways', async (t) => {
    const page = await openPage(t, { viewport: PHONE, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    // A query with more than one page of results (the pager is checked below).
    await goto(page, '?q=' + encodeURIComponent('ایران'));
    const [scrollWidth, width] = await page.evaluate(() =>
      [document.documentElement.scrollWidth, window.innerWidth]);
    assert.ok(scrollWidth <= width, `page width ${scrollWidth} fits the screen ${width}`);
    const button = page.getByRole('button', { name: 'جست‌وجو' });
    assert.ok(await button.isVisible(), 'the search button is visible and named');
    const box = await page.locator('#q').boundingBox();
    assert.ok(box.width > 200, `the search box is wide enough: ${box.width}`);
    await shot(page, 'mobile');
    await page.locator('.pager').scrollIntoViewIfNeeded();
    await shot(page, 'mobile-pager');
  });

  it('no results: a clear empty state with a way on', async (t) => {
    const page = await openPage(t);
    await goto(page);
    const nonsense = 'قلنبه‌سلنبه‌واژهٔ‌ناپیدا';
    assert.equal(await search(page, nonsense), 'empty');
    const text = await page.locator('#empty').textContent();
    assert.ok(text.includes(`برای «${nonsense}» خبری پیدا نشد.`), text);
    assert.equal(await page.locator('.hit').count(), 0);
    assert.ok(await page.locator('#pager').isHidden());
    await shot(page, 'empty');
    await page.click('#empty >> text=تازه‌ترین خبرها');
    assert.equal(await settled(page), 'results');
    assert.equal(searchParams(page).get('q'), null);
  });

  it('a bad request (400) is explained in Persian, with a way out', async (t) => {
    const page = await openPage(t);
    assert.equal(await goto(page, '?q=' + encodeURIComponent('کتاب') + '&page=5000'), 'error');
    const error = page.locator('#error');
    assert.equal(await error.getAttribute('role'), 'alert');
    const text = await error.textContent();
    assert.ok(text.includes('شمارهٔ صفحه نامعتبر است'), text);
    assert.ok(text.includes('از ۱ تا ۱٬۰۰۰'), text);
    assert.ok(text.includes("parameter 'page'"), 'the server\'s own words, as detail');
    await shot(page, 'error-400');
    await page.click('#error >> text=رفتن به صفحهٔ نخست نتیجه‌ها');
    assert.equal(await settled(page), 'results');
    assert.equal(searchParams(page).get('page'), null);

    const tooLong = 'خبر '.repeat(300).trim(); // over the API's 2,000 bytes
    assert.equal(await goto(page, '?q=' + encodeURIComponent(tooLong)), 'error');
    assert.match(await error.textContent(), /عبارت جست‌وجو بیش از اندازه بلند است/);
  });

  it('loading: a slow answer shows that the search is under way', async (t) => {
    const page = await openPage(t);
    await goto(page);
    let release;
    const held = new Promise((resolve) => { release = resolve; });
    await page.route('**/api/search?**', async (route) => {
      await held;
      await route.continue();
    });
    await page.fill('#q', 'مجلس');
    await page.press('#q', 'Enter');
    await page.waitForSelector('#results-section[aria-busy="true"][data-state="loading"]');
    await page.waitForFunction(() => document.getElementById('status').textContent === 'در حال جست‌وجو…');
    await shot(page, 'loading');
    release();
    assert.equal(await settled(page), 'results');
  });

  it('the keyboard alone: search, reach a result, page, and "/" back to the box', async (t) => {
    const page = await openPage(t);
    await goto(page);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'q');
    await page.keyboard.type('ایران');
    await page.keyboard.press('Enter');
    assert.equal(await settled(page), 'results');
    assert.equal(searchParams(page).get('q'), 'ایران');

    const tabTo = async (selector, limit) => {
      for (let i = 0; i < limit; ++i) {
        await page.keyboard.press('Tab');
        if (await page.evaluate((s) => document.activeElement.matches(s), selector)) return;
      }
      assert.fail(`Tab never reached ${selector}`);
    };
    // Past the facet panel, the sort menu and the date filter, which the API's answer turns on.
    await tabTo('.hit-title', 60);
    const outline = await page.evaluate(() => {
      const s = getComputedStyle(document.activeElement);
      return { style: s.outlineStyle, width: parseFloat(s.outlineWidth) };
    });
    assert.notEqual(outline.style, 'none', 'focus is visible');
    assert.ok(outline.width >= 2, `focus outline ${outline.width}px`);
    await shot(page, 'keyboard-focus');

    await tabTo('.pager-next', 30);
    await page.keyboard.press('Enter');
    assert.equal(await settled(page), 'results');
    assert.equal(searchParams(page).get('page'), '2');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'status',
                 'focus moves to the new results');

    await page.keyboard.press('/');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'q');
  });

  it('autocomplete from /api/suggest; off for the visit after a 404', async (t) => {
    const page = await openPage(t);
    await goto(page);
    await page.locator('#q').pressSequentially('کتا', { delay: 20 });
    await page.waitForSelector('#suggestions:not([hidden]) [role=option]');
    const options = await page.locator('#suggestions [role=option]').allTextContents();
    const expected = await (await fetch(`${server.base}/api/suggest?q=${encodeURIComponent('کتا')}`)).json();
    assert.deepEqual(options, expected.suggestions);
    assert.ok(options.includes('کتاب'), `completions: ${options}`);
    assert.equal(await page.getAttribute('#q', 'aria-expanded'), 'true');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    assert.equal(await settled(page), 'results');
    assert.equal(searchParams(page).get('q'), options[0]);
    assert.ok(await page.locator('#suggestions').isHidden());

    // A server without /api/suggest: the page asks once, then no more.
    const other = await openPage(t);
    const asked = [];
    await other.route('**/api/suggest?**', (route) => {
      asked.push(route.request().url());
      return route.fulfill({ status: 404, json: { error: 'no such endpoint' } });
    });
    await goto(other);
    await other.locator('#q').pressSequentially('کتا', { delay: 200 });
    await other.waitForTimeout(500);
    assert.ok(asked.length >= 1, `asked: ${asked.length}`);
    const before = asked.length;
    await other.locator('#q').pressSequentially('بها', { delay: 200 });
    await other.waitForTimeout(500);
    assert.equal(asked.length, before, 'after a 404 the page asks no more');
    assert.ok(await other.locator('#suggestions').isHidden());
    assert.equal(await other.getAttribute('#q', 'aria-expanded'), 'false');
  });

  it('facets, sort, a date range and "did you mean" from the real API', async (t) => {
    const page = await openPage(t);
    await goto(page, '?q=' + encodeURIComponent('ایران'));
    for (const id of ['#facets', '#sort-control', '#date-filter']) {
      assert.ok(await page.locator(id).isVisible(), `${id} shown`);
    }
    const data = await api({ q: 'ایران', page: 1, per_page: 10, facets: 'source,category,month' });
    const source = data.facets.source[0];
    await page.getByLabel(source.value, { exact: false }).first().check();
    assert.equal(await settled(page), 'results');
    assert.deepEqual(searchParams(page).getAll('source'), [source.value]);
    const sources = await page.locator('.hit-source').allTextContents();
    assert.ok(sources.length > 0 && sources.every((s) => s === source.value), `sources: ${sources}`);

    await page.selectOption('#sort', 'newest');
    assert.equal(await settled(page), 'results');
    assert.equal(searchParams(page).get('sort'), 'newest');
    const dates = await page.locator('.hit-date').evaluateAll((ts) => ts.map((x) => x.dateTime));
    assert.deepEqual(dates, [...dates].sort().reverse(), 'newest first');

    await page.selectOption('#sort', 'oldest');
    assert.equal(await settled(page), 'results');
    assert.equal(searchParams(page).get('sort'), 'oldest');
    const oldest = await page.locator('.hit-date').evaluateAll((ts) => ts.map((x) => x.dateTime));
    assert.deepEqual(oldest, [...oldest].sort(), 'oldest first');
    assert.notDeepEqual(oldest, dates, 'another order than newest');

    // A month facet applies its Gregorian range as the date filter.
    const month = page.locator('#facets fieldset', { hasText: 'ماه' }).locator('input[type=checkbox]').first();
    await month.check();
    assert.equal(await settled(page), 'results');
    assert.match(searchParams(page).get('from'), /^\d{4}-\d{2}-\d{2}$/);
    assert.match(searchParams(page).get('to'), /^\d{4}-\d{2}-\d{2}$/);
    assert.deepEqual(searchParams(page).getAll('source'), [source.value], 'filters kept');
    assert.equal(await page.inputValue('#from'), searchParams(page).get('from'));
    await shot(page, 'issue6-facets');

    // A typo: no result, and the index's own spelling offered.
    assert.equal(await goto(page, '?q=' + encodeURIComponent('نمایشگه')), 'empty');
    assert.equal(await page.locator('#did-you-mean').textContent(), 'آیا منظورتان «نمایشگاه» بود؟');
    await page.click('#did-you-mean a');
    assert.equal(await settled(page), 'results');
    assert.equal(searchParams(page).get('q'), 'نمایشگاه');
  });

  it('issue 6\'s fields, when the API sends them, drive the page (responses mocked)', async (t) => {
    // The sample corpus has no near-duplicates, and the API would apply the invented filters
    // below: this test puts its own facets, correction and similar articles on real responses
    // (fetched without the filters) to check the page's side of the contract (app.js, top comment).
    const page = await openPage(t);
    await page.route('**/api/search?**', async (route) => {
      const unfiltered = new URL(route.request().url());
      for (const name of ['source', 'category', 'from', 'to']) unfiltered.searchParams.delete(name);
      const response = await route.fetch({ url: unfiltered.href });
      const data = await response.json();
      const params = new URL(route.request().url()).searchParams;
      data.sort = params.get('sort') || 'relevance';
      data.from = params.get('from') || '';
      data.to = params.get('to') || '';
      data.suggestion = 'کتاب';
      data.facets = {
        source: [{ value: 'خبرگزاری پیک رسا', count: 7 }, { value: 'خبرگزاری ستیغ', count: 3 }],
        category: { 'فرهنگ و هنر': 5 },
        month: [{ key: '1405-02', label: 'اردیبهشت ۱۴۰۵', count: 4, from: '1405/02/01', to: '1405/02/31' }],
      };
      if (data.hits.length) data.hits[0].similar_count = 2;
      await route.fulfill({ response, json: data });
    });
    const similarAsked = [];
    await page.route('**/api/doc/*/similar?*', (route) => {
      similarAsked.push(route.request().url());
      return route.fulfill({ json: { hits: [
        { id: 'x1', url: 'https://example.org/1', title: 'خبر مشابه یکم', source: 'منبع یک', date: '2026-01-12' },
        { id: 'x2', url: 'https://example.org/2', title: 'خبر مشابه دوم', source: 'منبع دو', date: '2026-01-13' },
      ] } });
    });
    await page.route('**/api/suggest?**', (route) =>
      route.fulfill({ json: { suggestions: ['کتاب', { text: 'کتابخانه' }] } }));

    await goto(page, '?q=' + encodeURIComponent('تهران'));
    assert.ok(await page.locator('#facets').isVisible());
    assert.equal(await page.locator('#facets input[type=checkbox]').count(), 4);
    assert.equal(await page.locator('#did-you-mean').textContent(), 'آیا منظورتان «کتاب» بود؟');
    assert.ok(await page.locator('#sort-control').isVisible());
    assert.ok(await page.locator('#date-filter').isVisible());
    await shot(page, 'issue6-mocked');

    await page.getByLabel('خبرگزاری ستیغ').check();
    assert.equal(await settled(page), 'results');
    assert.deepEqual(searchParams(page).getAll('source'), ['خبرگزاری ستیغ']);
    assert.ok(await page.getByLabel('خبرگزاری ستیغ').isChecked());
    await page.getByLabel('اردیبهشت ۱۴۰۵').check();
    await settled(page);
    assert.equal(searchParams(page).get('from'), '1405/02/01');
    await page.selectOption('#sort', 'newest');
    await settled(page);
    assert.equal(searchParams(page).get('sort'), 'newest');
    assert.deepEqual(searchParams(page).getAll('source'), ['خبرگزاری ستیغ'], 'filters kept');

    const toggle = page.locator('.similar-toggle').first();
    assert.equal(await toggle.textContent(), '۲ خبر مشابه');
    await toggle.click();
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
    await page.waitForSelector('.similar-list a');
    assert.deepEqual(await page.locator('.similar-list a').allTextContents(), ['خبر مشابه یکم', 'خبر مشابه دوم']);
    // Ids are unique only within a source: the page names the hit's source.
    assert.equal(similarAsked.length, 1);
    assert.ok(new URL(similarAsked[0]).searchParams.get('source'), `asked: ${similarAsked[0]}`);

    await page.click('#did-you-mean a');
    await settled(page);
    assert.equal(searchParams(page).get('q'), 'کتاب');

    await page.fill('#q', '');
    await page.locator('#q').pressSequentially('کتا', { delay: 20 });
    await page.waitForSelector('#suggestions:not([hidden]) [role=option]');
    assert.deepEqual(await page.locator('#suggestions [role=option]').allTextContents(), ['کتاب', 'کتابخانه']);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    assert.equal(await page.getAttribute('#q', 'aria-activedescendant'), 'suggestion-1');
    await page.keyboard.press('Enter');
    await settled(page);
    assert.equal(searchParams(page).get('q'), 'کتابخانه');
    assert.ok(await page.locator('#suggestions').isHidden());
  });

  // Last: it stops the server.
  it('the server down: a clear error, and Retry works once it is back', async (t) => {
    const page = await openPage(t);
    await goto(page, '?q=' + encodeURIComponent('کتاب'));
    const port = server.port;
    await server.stop();
    assert.equal(await search(page, 'مجلس'), 'error');
    const text = await page.locator('#error').textContent();
    assert.ok(text.includes('سرور در دسترس نیست.'), text);
    await shot(page, 'error-server-down');

    server = await Server.start(path.join(tmp.dir, 'db'), port);
    await page.click('#error >> text=تلاش دوباره');
    assert.equal(await settled(page), 'results');
    assert.equal(searchParams(page).get('q'), 'مجلس');
  });
});
