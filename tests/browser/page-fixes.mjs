// The cases of the page's fixes (issue 13), registered inside search.test.mjs's suite, against the
// real server: marks drawn from the highlight spans, errors explained by code and parameter, the
// filters behind a button on a phone, focus kept by the facets, isolated meta lines, the sort
// actually applied, and the server going away (last: it stops the server).
import assert from 'node:assert/strict';
import path from 'node:path';
import { it } from 'node:test';

import { Server } from './harness.mjs';
import {
  PHONE, activeId, api, goto, openPage, q, search, searchParams, settled, shot, tabTo, world,
} from './page.mjs';

const KITE = 'بادبادک'; // the tests' own articles (extra-news.jsonl): lt-0001, lt-0002
const LATIN_SOURCE = 'varesh.example';

// Each hit's title and snippet as drawn: the text, and the text of each <mark>.
const drawnHits = (page) => page.locator('.hit').evaluateAll((hits) => hits.map((hit) => {
  const part = (sel) => {
    const node = hit.querySelector(sel);
    return node ? { text: node.textContent, marks: [...node.querySelectorAll('mark')].map((m) => m.textContent) }
                : { text: '', marks: [] };
  };
  return { title: part('.hit-title'), snippet: part('.hit-snippet') };
}));

// Whether the server's errors carry `code` and `param` (the baseline server's do not).
async function errorsHaveCodes() {
  const body = await (await fetch(`${world.server.base}/api/search?page=x`)).json();
  return typeof body.code === 'string' && typeof body.param === 'string';
}

// The parts of a meta line (separators left out): element, direction, text, and the horizontal
// extent of the glyphs drawn for its text.
const boxes = (locator) => locator.evaluate((line) => [...line.children]
  .filter((c) => !c.classList.contains('meta-sep'))
  .map((c) => {
    const range = document.createRange();
    range.selectNodeContents(c);
    const box = range.getBoundingClientRect();
    return { tag: c.tagName, dir: c.getAttribute('dir'), text: c.textContent, left: box.left, right: box.right };
  }));

// In a right-to-left line, each part is isolated and drawn whole: its extent overlaps no other
// part's, and each lies left of the one before it.
function assertIsolatedInOrder(parts) {
  for (const p of parts) assert.ok(p.tag === 'BDI' || p.dir === 'auto', `${p.tag} «${p.text}» is isolated`);
  for (let i = 1; i < parts.length; ++i) {
    assert.ok(parts[i].right <= parts[i - 1].left + 0.5,
              `«${parts[i].text}» [${parts[i].left}, ${parts[i].right}] is left of ` +
              `«${parts[i - 1].text}» [${parts[i - 1].left}, ${parts[i - 1].right}]`);
  }
}

export function pageFixTests() {
  it('marks are drawn from the highlight spans (UTF-16, an emoji before them)', async (t) => {
    const page = await openPage(t);
    for (const query of [KITE, 'کتاب']) {
      await goto(page, q(query));
      const expected = await api({ q: query, page: 1, per_page: 10 });
      const drawn = await drawnHits(page);
      assert.equal(drawn.length, expected.hits.length);
      expected.hits.forEach((hit, i) => {
        for (const part of ['title', 'snippet']) {
          assert.equal(drawn[i][part].text, hit[part], `${hit.id} ${part}: the text as sent`);
          assert.deepEqual(drawn[i][part].marks, hit.highlights[part].map(([s, e]) => hit[part].slice(s, e)),
                           `${hit.id} ${part}: each <mark> is its span's slice`);
        }
      });
    }
    // The kite article's title has an emoji (two UTF-16 units) before its marked word.
    await goto(page, q(KITE) + '&sort=newest');
    assert.deepEqual(await page.locator('.hit-title mark').allTextContents(), ['بادبادک‌ها']);
  });

  it('the sort menu shows the order applied: the newest for an empty query', async (t) => {
    const page = await openPage(t);
    await goto(page);
    assert.equal(await page.inputValue('#sort'), 'newest');
    assert.equal(await page.locator('#sort option:checked').textContent(), 'تازه‌ترین');
    assert.ok(await page.locator('#sort option[value=relevance]').isDisabled(), 'no relevance without a query');
    const data = await api({ q: '', page: 1, per_page: 10 });
    const dates = await page.locator('.hit-date').evaluateAll((ts) => ts.map((x) => x.dateTime));
    assert.deepEqual(dates, data.hits.map((h) => h.date.replace(' ', 'T')).slice(0, dates.length));
    assert.deepEqual(dates, [...dates].sort().reverse(), 'listed newest first');

    await page.selectOption('#sort', 'oldest');
    assert.equal(await settled(page), 'results');
    assert.equal(searchParams(page).get('sort'), 'oldest');
    assert.equal(await page.inputValue('#sort'), 'oldest');

    await search(page, 'کتاب');
    assert.equal(await page.inputValue('#sort'), 'oldest', 'a new query keeps the sort');
    await goto(page, q('کتاب'));
    assert.equal(await page.inputValue('#sort'), 'relevance');
    assert.ok(await page.locator('#sort option[value=relevance]').isEnabled());
  });

  it('a Latin source name does not tear the Solar Hijri date apart (meta lines isolated)', async (t) => {
    const page = await openPage(t);
    await goto(page, q(KITE) + '&sort=newest'); // lt-0001, of varesh.example, is the newest
    const hit = page.locator('.hit', { hasText: LATIN_SOURCE });
    const parts = await boxes(hit.locator('.hit-meta'));
    assert.deepEqual(parts.map((p) => p.text), [LATIN_SOURCE, '۲۳ فروردین ۱۴۰۵، ۰۹:۳۰', 'فرهنگ و هنر']);
    assertIsolatedInOrder(parts);
    await shot(page, 'latin-source');

    // The similar-articles list of its near-duplicate names it the same way.
    await goto(page, q(KITE) + '&sort=oldest'); // lt-0002 shows, lt-0001 folded into it
    await page.click('.similar-toggle');
    const item = page.locator('.similar-list li', { hasText: LATIN_SOURCE });
    await item.waitFor();
    const listed = await boxes(item.locator('.similar-meta'));
    assert.deepEqual(listed.map((p) => p.text).slice(1), [LATIN_SOURCE, '۲۳ فروردین ۱۴۰۵، ۰۹:۳۰']);
    assertIsolatedInOrder(listed);

    // A Gregorian date in Persian text reads left to right (not «06-01-2026»).
    const [year, day] = await page.locator('#date-hint bdi').evaluate((b) => ['2026', '06'].map((part) => {
      const range = document.createRange();
      const at = b.firstChild.textContent.lastIndexOf(part);
      range.setStart(b.firstChild, at);
      range.setEnd(b.firstChild, at + part.length);
      return range.getBoundingClientRect().left;
    }));
    assert.ok(year < day, `the year ${year} before the day ${day}`);
  });

  it('similar articles: listed from /api/doc/{id}/similar with the hit\'s source', async (t) => {
    const page = await openPage(t);
    const asked = [];
    page.on('request', (r) => { if (r.url().includes('/similar')) asked.push(r.url()); });
    await goto(page, q(KITE) + '&sort=oldest');
    const toggle = page.locator('.similar-toggle');
    assert.equal(await toggle.textContent(), '۱ خبر مشابه');
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
    await toggle.click();
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
    await page.waitForSelector('.similar-list a');
    const res = await fetch(asked[0]);
    const expected = await res.json();
    assert.equal(new URL(asked[0]).searchParams.get('source'), 'روزنامه نگاه امروز');
    assert.deepEqual(await page.locator('.similar-list a').allTextContents(), expected.hits.map((h) => h.title));
  });

  it('errors are explained by their code and parameter, each with a way out', async (t) => {
    if (!(await errorsHaveCodes())) {
      t.skip('this kavosh-server sends no `code`/`param` in its errors');
      return;
    }
    const page = await openPage(t);
    const error = page.locator('#error');

    assert.equal(await goto(page, q('کتاب') + '&from=xyz'), 'error');
    assert.equal(await error.getAttribute('role'), 'alert');
    let text = await error.textContent();
    assert.ok(text.includes('این جست‌وجو پذیرفته نشد.'), text);
    assert.ok(text.includes('تاریخ آغاز بازه («از») خوانا نیست'), text);
    assert.match(await page.locator('#error .notice-detail code').textContent(), /from/, 'the server\'s own words');
    assert.equal(await page.inputValue('#from'), 'xyz', 'the date range stays, to be corrected');
    assert.ok(await page.locator('#facets input[type=checkbox]').count() === 0, 'no stale facets');
    await shot(page, 'error-400');
    await page.click('#error >> text=حذف بازهٔ تاریخ');
    assert.equal(await settled(page), 'results');
    assert.equal(searchParams(page).get('from'), null);

    assert.equal(await goto(page, q('کتاب') + '&from=2026-06-01&to=2026-01-01'), 'error');
    assert.ok((await error.textContent()).includes('تاریخ آغاز بازه پس از تاریخ پایان آن است.'));
    await page.click('#error >> text=جابه‌جا کردن دو تاریخ');
    assert.equal(await settled(page), 'results');
    assert.equal(searchParams(page).get('from'), '2026-01-01');
    assert.equal(searchParams(page).get('to'), '2026-06-01');

    assert.equal(await goto(page, q('کتاب') + '&page=5000'), 'error');
    text = await error.textContent();
    assert.ok(text.includes('شمارهٔ صفحه نامعتبر است') && text.includes('از ۱ تا ۱٬۰۰۰'), text);
    await page.click('#error >> text=رفتن به صفحهٔ نخست نتیجه‌ها');
    assert.equal(await settled(page), 'results');
    assert.equal(searchParams(page).get('page'), null);

    assert.equal(await goto(page, q('خبر '.repeat(300).trim())), 'error'); // over 2,000 bytes
    assert.ok((await error.textContent()).includes('عبارت جست‌وجو بیش از اندازه بلند است'));

    assert.equal(await goto(page, q('کتاب') + '&sort=popular'), 'error');
    assert.ok((await error.textContent()).includes('ترتیب خواسته‌شده برای نتیجه‌ها شناخته نیست.'));
  });

  it('toggling a facet keeps keyboard focus on it', async (t) => {
    const page = await openPage(t);
    await goto(page, q('ایران'));
    const first = page.locator('#facets fieldset[data-facet=source] input[type=checkbox]').first();
    const key = await first.getAttribute('data-key');
    const focusedKey = () => page.evaluate(() => document.activeElement.dataset.key);
    await first.focus();
    await page.keyboard.press('Space');
    assert.equal(await settled(page), 'results');
    assert.equal(searchParams(page).getAll('source').length, 1);
    assert.equal(await focusedKey(), key, 'focus on the same checkbox, redrawn');
    assert.ok(await page.locator(':focus').isChecked());
    await page.keyboard.press('Space');
    assert.equal(await settled(page), 'results');
    assert.equal(searchParams(page).getAll('source').length, 0);
    assert.equal(await focusedKey(), key);

    const month = page.locator('#facets fieldset[data-facet=month] input[type=checkbox]').nth(1);
    const monthKey = await month.getAttribute('data-key');
    await month.focus();
    await page.keyboard.press('Space');
    assert.equal(await settled(page), 'results');
    assert.ok(searchParams(page).get('from'));
    assert.equal(await focusedKey(), monthKey);
    await page.keyboard.press('Tab');
    assert.notEqual(await focusedKey(), monthKey, 'Tab goes on from there');
  });

  it('a phone: results first, the filters behind a button, sources before months', async (t) => {
    const page = await openPage(t, { viewport: PHONE, isMobile: true, hasTouch: true });
    await goto(page, q('ایران'));
    const toggle = page.locator('#filters-toggle');
    assert.ok(await toggle.isVisible(), 'the filters button is shown');
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
    assert.equal(await page.locator('#facets input[type=checkbox]:visible').count(), 0, 'filters folded away');
    const firstHit = await page.locator('.hit').first().boundingBox();
    assert.ok(firstHit.y < PHONE.height / 2, `the first result is near the top: ${firstHit.y}`);

    await page.focus('#q');
    const passed = await tabTo(page, '.hit-title', 12);
    assert.ok(!passed.some((name) => name.endsWith(':checkbox')), `Tab passed: ${passed}`);
    assert.ok(passed.includes('filters-toggle'), `Tab passed: ${passed}`);
    await shot(page, 'mobile-filters-closed');

    await toggle.click();
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
    assert.ok(await page.locator('#facets input[type=checkbox]').first().isVisible());
    const groups = await page.locator('#facets fieldset[data-facet]').evaluateAll((fs) => fs.map((f) => f.dataset.facet));
    assert.ok(groups.indexOf('source') < groups.indexOf('month'), `groups: ${groups}`);
    await shot(page, 'mobile-filters-open');
    await page.locator('#facets fieldset[data-facet=source] input[type=checkbox]').first().check();
    assert.equal(await settled(page), 'results');
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true', 'still open after a filter');
    assert.match(await toggle.textContent(), /۱ پالایهٔ فعال/);
  });

  // Last: it stops the server (and starts it again on the same port).
  it('the server down: a clear error in view, stale filters gone; Retry works once it is back', async (t) => {
    const page = await openPage(t);
    await goto(page, q('تهران'));
    assert.ok(await page.locator('#facets input[type=checkbox]').count() > 0);
    const port = world.server.port;
    await world.server.stop();

    await page.setViewportSize(PHONE);
    await page.locator('.pager-next').scrollIntoViewIfNeeded();
    await page.click('.pager-next');
    assert.equal(await settled(page), 'error');
    const error = page.locator('#error');
    assert.ok((await error.textContent()).includes('سرور در دسترس نیست.'));
    assert.equal(await error.getAttribute('role'), 'alert');
    assert.equal(await activeId(page), 'error', 'focus on the error');
    const [top, height] = await error.evaluate((e) => [e.getBoundingClientRect().top, window.innerHeight]);
    assert.ok(top >= 0 && top < height / 2, `the error is in view: ${top} of ${height}`);
    assert.ok(await page.locator('#facets').isHidden(), 'no stale filters');
    assert.equal(await page.locator('#facets input[type=checkbox]').count(), 0);
    assert.ok(await page.locator('#sort-control').isHidden());
    assert.equal(await page.locator('.hit').count(), 0);
    await shot(page, 'error-server-down');

    world.server = await Server.start(path.join(world.tmp.dir, 'db'), port);
    await page.click('#error >> text=تلاش دوباره');
    assert.equal(await settled(page), 'results');
    assert.equal(searchParams(page).get('page'), '2');
    assert.ok(await page.locator('#facets').isVisible());
  });
}
