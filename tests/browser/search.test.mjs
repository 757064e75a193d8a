// The search page in headless Chromium, against the real kavosh-server on a real index of the
// sample corpus and the tests' own articles (see harness.mjs). Run: node --test
// tests/browser/search.test.mjs (CTest: "browser_search_page"). This file sets up the world and
// holds the page's everyday cases; page-fixes.mjs holds the cases of the page's fixes (issue 13).
//
// Screenshots of the main states go to build/browser-artifacts/ (KAVOSH_ARTIFACTS): look at them.
import assert from 'node:assert/strict';
import { copyFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import { Server, config, indexSample, launchBrowser, tempDir } from './harness.mjs';
import {
  PERSIAN_DIGIT, PHONE, api, goto, openPage, search, searchParams, settled, shot, tabTo, titles, world,
} from './page.mjs';
import { pageFixTests } from './page-fixes.mjs';

describe('the search page in Chromium', { timeout: 180_000 }, () => {
  before(async () => {
    world.tmp = await tempDir();
    const db = path.join(world.tmp.dir, 'db');
    await indexSample(db);
    world.server = await Server.start(db);
    world.browser = await launchBrowser();
  });

  after(async () => {
    if (world.browser) await world.browser.close();
    if (world.server) await world.server.stop();
    if (world.tmp) await world.tmp.remove();
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
    assert.equal(font, 'loaded', 'Vazirmatn is served from web/fonts/ (make web-deps copies it)');
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
    assert.equal(new URL(third, world.server.base).searchParams.get('page'), '3', 'page links are real URLs');

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

    // Past the filter panel (a group shows 8 values until asked for all) and the sort menu.
    await tabTo(page, '.hit-title', 60);
    const outline = await page.evaluate(() => {
      const s = getComputedStyle(document.activeElement);
      return { style: s.outlineStyle, width: parseFloat(s.outlineWidth) };
    });
    assert.notEqual(outline.style, 'none', 'focus is visible');
    assert.ok(outline.width >= 2, `focus outline ${outline.width}px`);
    await shot(page, 'keyboard-focus');

    await tabTo(page, '.pager-next', 30);
    await page.keyboard.press('Enter');
    assert.equal(await settled(page), 'results');
    assert.equal(searchParams(page).get('page'), '2');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'status',
                 'focus moves to the new results');

    await page.keyboard.press('/');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'q');
  });

  it('autocomplete: the strings of /api/suggest, chosen with the keyboard', async (t) => {
    const page = await openPage(t);
    await goto(page);
    await page.locator('#q').pressSequentially('کتا', { delay: 20 });
    await page.waitForSelector('#suggestions:not([hidden]) [role=option]');
    const options = await page.locator('#suggestions [role=option]').allTextContents();
    const expected = await (await fetch(`${world.server.base}/api/suggest?q=${encodeURIComponent('کتا')}`)).json();
    assert.deepEqual(options, expected.suggestions);
    assert.ok(options.includes('کتاب'), `completions: ${options}`);
    assert.equal(await page.getAttribute('#q', 'aria-expanded'), 'true');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    assert.equal(await settled(page), 'results');
    assert.equal(searchParams(page).get('q'), options[0]);
    assert.ok(await page.locator('#suggestions').isHidden());

    // A finished word (a trailing space) gets no completions: the list closes.
    await page.fill('#q', '');
    await page.locator('#q').pressSequentially('کتاب', { delay: 20 });
    await page.waitForSelector('#suggestions:not([hidden]) [role=option]');
    await page.keyboard.press('Space');
    await page.waitForSelector('#suggestions[hidden]', { state: 'attached' });
    assert.equal(await page.getAttribute('#q', 'aria-expanded'), 'false');
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
    const month = page.locator('#facets fieldset[data-facet=month] input[type=checkbox]').first();
    await month.check();
    assert.equal(await settled(page), 'results');
    assert.match(searchParams(page).get('from'), /^\d{4}-\d{2}-\d{2}$/);
    assert.match(searchParams(page).get('to'), /^\d{4}-\d{2}-\d{2}$/);
    assert.deepEqual(searchParams(page).getAll('source'), [source.value], 'filters kept');
    assert.equal(await page.inputValue('#from'), searchParams(page).get('from'));
    await shot(page, 'facets');

    // A typo: no result, and the index's own spelling offered.
    assert.equal(await goto(page, '?q=' + encodeURIComponent('نمایشگه')), 'empty');
    assert.equal(await page.locator('#did-you-mean').textContent(), 'آیا منظورتان «نمایشگاه» بود؟');
    await page.click('#did-you-mean a');
    assert.equal(await settled(page), 'results');
    assert.equal(searchParams(page).get('q'), 'نمایشگاه');

    // One word misspelled beside a word that finds articles: the results, and
    // the whole query corrected above them.
    assert.equal(await goto(page, '?q=' + encodeURIComponent('نمایشگه کتاب')), 'results');
    assert.equal(await page.locator('#did-you-mean').textContent(), 'آیا منظورتان «نمایشگاه کتاب» بود؟');
    assert.ok((await page.locator('.hit').count()) > 0);
  });

  // Last: the page-fix cases end by stopping the server.
  pageFixTests();
});
