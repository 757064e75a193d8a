// What an error means to the reader, in Persian. The API's error answer names a machine `code`
// and the `param` it concerns (docs/api.md, Errors); the page's text is chosen from these tables
// by code and param, never from the English message (shown only as a detail).
import { ApiError, NetworkError } from './api.js';
import { faNum } from './dom.js';
import { MAX_PAGE, MAX_QUERY_BYTES, withoutFilters } from './state.js';

const TITLE_REQUEST = 'این جست‌وجو پذیرفته نشد.';
// The Latin date is isolated left to right (U+2066 LRI … U+2069 PDI): after Persian letters its
// digits would be Arabic numbers and its hyphens would reorder them («06-01-2026»).
const DATE_FORMS = 'آن را خورشیدی (۱۴۰۴/۱۰/۱۶) یا میلادی (\u20662026-01-06\u2069) بنویسید.';

// Ways out, each [link text, state to go to]; `s` is the state that failed.
const toPageOne = (s) => ['رفتن به صفحهٔ نخست نتیجه‌ها', { ...s, page: 1 }];
const withoutDates = (s) => ['حذف بازهٔ تاریخ', { ...s, page: 1, from: '', to: '' }];
const withoutSources = (s) => ['حذف پالایهٔ منبع', { ...s, page: 1, source: [] }];
const withoutCategory = (s) => ['حذف پالایهٔ دسته', { ...s, page: 1, category: '' }];
const defaultSort = (s) => ['ترتیب پیش‌فرض', { ...s, page: 1, sort: '' }];
const allFiltersOff = (s) => ['حذف همهٔ پالایه‌ها', { ...withoutFilters(s), sort: '' }];
const swapDates = (s) => ['جابه‌جا کردن دو تاریخ', { ...s, page: 1, from: s.to, to: s.from }];

// code → param → {text, fixes?, retry?}; the param '' entry serves every param not listed.
// Codes of a request the server refused (400) have the title TITLE_REQUEST; the others say
// their own title.
const REQUEST_CODES = new Set(['invalid', 'too_long', 'too_complex', 'not_utf8', 'repeated', 'date_order']);

const TABLE = {
  invalid: {
    page: { text: `شمارهٔ صفحه نامعتبر است؛ باید عددی از ${faNum(1)} تا ${faNum(MAX_PAGE)} باشد.`,
            fixes: [toPageOne] },
    per_page: { text: 'تعداد نتیجه در هر صفحه نامعتبر است.', fixes: [toPageOne] },
    snippet_len: { text: 'اندازهٔ خلاصهٔ خبرها نامعتبر است.' },
    snippets: { text: 'تعداد بخش‌های خلاصهٔ خبرها نامعتبر است.' },
    sort: { text: 'ترتیب خواسته‌شده برای نتیجه‌ها شناخته نیست.', fixes: [defaultSort] },
    facets: { text: 'فهرست دسته‌بندی‌های خواسته‌شده برای پالایش نامعتبر است.' },
    collapse: { text: 'گزینهٔ یکی کردن خبرهای مشابه نامعتبر است.' },
    from: { text: `تاریخ آغاز بازه («از») خوانا نیست؛ ${DATE_FORMS}`, fixes: [withoutDates] },
    to: { text: `تاریخ پایان بازه («تا») خوانا نیست؛ ${DATE_FORMS}`, fixes: [withoutDates] },
    source: { text: 'پالایهٔ منبع نامعتبر است.', fixes: [withoutSources] },
    category: { text: 'پالایهٔ دسته نامعتبر است.', fixes: [withoutCategory] },
    '': { text: 'درخواست جست‌وجو نامعتبر است. عبارت یا نشانی صفحه را اصلاح کنید.', fixes: [allFiltersOff] },
  },
  too_long: {
    q: { text: `عبارت جست‌وجو بیش از اندازه بلند است؛ حداکثر ${faNum(MAX_QUERY_BYTES)} بایت (حدود ${faNum(MAX_QUERY_BYTES / 2)} حرف فارسی) پذیرفته می‌شود. آن را کوتاه‌تر کنید.` },
    source: { text: 'نام منبع بیش از اندازه بلند است.', fixes: [withoutSources] },
    category: { text: 'نام دسته بیش از اندازه بلند است.', fixes: [withoutCategory] },
    '': { text: 'بخشی از درخواست بیش از اندازه بلند است.', fixes: [allFiltersOff] },
  },
  too_complex: {
    '': { text: 'این جست‌وجو بیش از اندازه گسترده است: واژه‌ها یا پیشوندهای «*» آن زیادند. آن را با واژه‌های کمتر و دقیق‌تر بنویسید.' },
  },
  not_utf8: {
    q: { text: 'عبارت جست‌وجو نویسه‌های نامعتبر دارد. آن را دوباره تایپ کنید.' },
    '': { text: 'نشانی صفحه نویسه‌های نامعتبر دارد.', fixes: [allFiltersOff] },
  },
  repeated: {
    source: { text: 'منبع‌های بسیاری با هم انتخاب شده است؛ دست‌بالا ۵۰ منبع را می‌توان برگزید.',
              fixes: [withoutSources] },
    '': { text: 'یکی از بخش‌های درخواست دو بار آمده است.', fixes: [allFiltersOff] },
  },
  date_order: {
    '': { text: 'تاریخ آغاز بازه پس از تاریخ پایان آن است.', fixes: [swapDates, withoutDates] },
  },
  not_found: {
    '': { title: 'پیدا نشد.', text: 'سرور کاوش چنین نشانی یا خبری ندارد.' },
  },
  ambiguous: {
    '': { title: 'این خبر را نمی‌توان یافت.', text: 'شناسهٔ این خبر در چند منبع آمده است و منبع آن مشخص نیست.' },
  },
  outdated_index: {
    '': { title: 'نمایهٔ خبرها کهنه است.',
          text: 'نمایهٔ خبرها با نسخهٔ دیگری از کاوش ساخته شده است و باید دوباره ساخته شود. به گردانندهٔ این سایت خبر دهید.' },
  },
  unavailable: {
    '': { title: 'پایگاه خبرها اکنون در دسترس نیست.', text: 'کمی بعد دوباره تلاش کنید.', retry: true },
  },
  not_allowed: {
    '': { title: 'سرور این درخواست را نپذیرفت.', text: 'این نشانی را نمی‌توان این‌گونه خواست.' },
  },
  timeout: {
    '': { title: 'درخواست به‌موقع به سرور نرسید.', text: 'اتصال کند است یا قطع شد؛ دوباره تلاش کنید.', retry: true },
  },
  internal: {
    '': { title: 'خطایی درونی در سرور رخ داد.', text: 'کمی بعد دوباره تلاش کنید.', retry: true },
  },
};

// No answer from the server at all.
const NETWORK = {
  title: 'سرور در دسترس نیست.',
  text: 'ارتباط با سرور کاوش برقرار نشد. اتصال شبکه را بررسی کنید، یا اگر سرور را خودتان اجرا می‌کنید مطمئن شوید روشن است؛ سپس دوباره تلاش کنید.',
  retry: true,
};

// An answer without a code the table knows (not JSON, or an older server): by its status.
function byStatus(status) {
  if (status >= 200 && status < 300) {
    return { title: 'پاسخ سرور خوانا نبود.', text: 'کمی بعد دوباره تلاش کنید.', retry: true };
  }
  if (status >= 400 && status < 500) {
    return { title: TITLE_REQUEST, text: TABLE.invalid[''].text, fixes: [allFiltersOff] };
  }
  return { title: `خطایی در سرور رخ داد (کد ${faNum(status, { useGrouping: false })}).`,
           text: 'کمی بعد دوباره تلاش کنید.', retry: true };
}

const own = (object, key) => Object.prototype.hasOwnProperty.call(object, key);

// The entry of the table for a code and param, or null.
export function entryFor(code, param) {
  if (!own(TABLE, code)) return null;
  const byParam = TABLE[code];
  return own(byParam, param) ? byParam[param] : byParam[''];
}

// {title, text, detail, fixes: [[label, state], ...], retry} for an error of a request made in
// state `s` (fixes are left out when `s` is null: the error is not about the search).
export function describeError(err, s) {
  if (err instanceof NetworkError) return { ...NETWORK, detail: '', fixes: [] };
  const status = err instanceof ApiError ? err.status : 0;
  const entry = err instanceof ApiError ? entryFor(err.code, err.param) : null;
  const found = entry || byStatus(status);
  const title = found.title || (REQUEST_CODES.has(err.code) ? TITLE_REQUEST : byStatus(status).title);
  return {
    title,
    text: found.text,
    detail: err instanceof ApiError ? err.message : '',
    fixes: s && found.fixes ? found.fixes.map((fix) => fix(s)) : [],
    retry: Boolean(found.retry),
  };
}
