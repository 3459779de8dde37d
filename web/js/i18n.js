// Language of the pages: French, Dutch, English.
// A ?lang= in the address wins, then the reader's choice (localStorage), then the browser's
// languages; French by default.
// Strings come only from /i18n/<lang>.json (public pages: /i18n/public.<lang>.json). Elements carry data-i18n="key" (text) and
// data-i18n-attr="attr:key;attr2:key2" (attributes). Dates are shown in Europe/Brussels time.

export const languages = ['fr', 'nl', 'en'];
const storage_key = 'intervision.lang';
const zone = 'Europe/Brussels';

let current = 'fr';
let strings = {};
const listeners = [];

function stored_language() {
  try {
    const v = localStorage.getItem(storage_key);
    return languages.includes(v) ? v : null;
  } catch {
    return null;
  }
}

export function browser_language() {
  const list = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || ''];
  for (const l of list) {
    const base = String(l).toLowerCase().split('-')[0];
    if (languages.includes(base)) return base;
  }
  return 'fr';
}

export function lang() { return current; }

// t(KEY, {n: 3}) -> the string with {n} replaced. A missing key shows the key itself, so the
// i18n check (tests/browser/i18n_check.mjs) catches it rather than leaving a blank.
export function t(key, vars) {
  let s = Object.prototype.hasOwnProperty.call(strings, key) ? strings[key] : key;
  if (vars) s = s.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m));
  return s;
}

// tn(KEY, n): the plural form of KEY for n in the reader's language (Intl.PluralRules picks
// KEY.one, KEY.few, ..., falling back to KEY.other); {n} is written as a number of the locale.
export function tn(key, n, vars) {
  const category = new Intl.PluralRules(locale()).select(n);
  const form = has(`${key}.${category}`) ? `${key}.${category}` : `${key}.other`;
  return t(form, { ...(vars || {}), n: format_number(n) });
}

export function has(key) { return Object.prototype.hasOwnProperty.call(strings, key); }

// A {fr, nl, en} object from the API in the reader's language.
export function pick(labels) {
  if (!labels || typeof labels !== 'object') return labels == null ? '' : String(labels);
  return labels[current] || labels.fr || labels.en || labels.nl || '';
}

export function apply(root = document) {
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-attr]')) {
    for (const pair of el.dataset.i18nAttr.split(';')) {
      const [attr, key] = pair.split(':').map((x) => x.trim());
      if (attr && key) el.setAttribute(attr, t(key));
    }
  }
  for (const b of document.querySelectorAll('.lang-switch button[data-lang]')) {
    b.setAttribute('aria-pressed', b.dataset.lang === current ? 'true' : 'false');
  }
  const title = document.querySelector('meta[name="i18n-title"]');
  if (title) document.title = `${t(title.content)} — ${t('site.name')}`;
}

// A page whose <html> says data-strings="public" loads only the participants' strings; the
// scripts' version (?v= of this module's address) makes the file cacheable for a year.
const version = new URL(import.meta.url).searchParams.get('v');

async function load(l) {
  const set = document.documentElement.dataset.strings;
  const name = set === 'public' ? `public.${l}` : l;
  const res = await fetch(`/i18n/${name}.json${version ? `?v=${encodeURIComponent(version)}` : ''}`, { credentials: 'same-origin' });
  if (!res.ok) throw new Error(`language file ${l}: ${res.status}`);
  return res.json();
}

export async function set_language(l, remember) {
  if (!languages.includes(l)) l = 'fr';
  strings = await load(l);
  current = l;
  document.documentElement.lang = l;
  if (remember) {
    try { localStorage.setItem(storage_key, l); } catch { /* private mode: the choice lasts this page */ }
    // The server renders the next page in this language from its first byte.
    document.cookie = `intervision_lang=${l}; Path=/; Max-Age=31536000; SameSite=Lax`;
  }
  apply();
  for (const fn of listeners) fn(l);
}

export function on_language_change(fn) { listeners.push(fn); }

// A link may name the language (?lang=nl, as calendar events do): it wins for this page only.
function url_language() {
  const v = new URLSearchParams(location.search).get('lang');
  return languages.includes(v) ? v : null;
}

export async function init_i18n() {
  const l = url_language() || stored_language() || browser_language();
  document.documentElement.lang = l;
  for (const b of document.querySelectorAll('.lang-switch button[data-lang]')) {
    b.addEventListener('click', () => set_language(b.dataset.lang, true));
  }
  await set_language(l, false);
  return l;
}

// --- dates and times, always in Brussels time, in the reader's language ---

function locale() { return { fr: 'fr-BE', nl: 'nl-BE', en: 'en-GB' }[current] || 'fr-BE'; }

export function format_date_time(iso) {
  if (!iso) return '';
  return new Intl.DateTimeFormat(locale(), {
    timeZone: zone, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit',
  }).format(new Date(iso));
}

export function format_date(iso) {
  if (!iso) return '';
  return new Intl.DateTimeFormat(locale(), { timeZone: zone, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' })
    .format(new Date(iso));
}

export function format_short_date_time(iso) {
  if (!iso) return '';
  return new Intl.DateTimeFormat(locale(), {
    timeZone: zone, day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit',
  }).format(new Date(iso));
}

export function format_time(iso) {
  if (!iso) return '';
  return new Intl.DateTimeFormat(locale(), { timeZone: zone, hour: '2-digit', minute: '2-digit' }).format(new Date(iso));
}

// "YYYY-MM-DD" (a calendar day, no time): noon UTC is the same day in Brussels.
export function format_day(ymd) {
  if (!ymd) return '';
  const [y, m, d] = ymd.split('-').map(Number);
  return new Intl.DateTimeFormat(locale(), { timeZone: zone, day: 'numeric', month: 'long', year: 'numeric' })
    .format(new Date(Date.UTC(y, m - 1, d, 12)));
}

// The Brussels calendar day of an instant, as "YYYY-MM-DD".
export function brussels_day(iso) {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' })
    .formatToParts(new Date(iso));
  const get = (type) => parts.find((p) => p.type === type).value;
  return `${get('year')}-${get('month')}-${get('day')}`;
}

export function month_name(year, month) {
  return new Intl.DateTimeFormat(locale(), { timeZone: zone, month: 'long', year: 'numeric' })
    .format(new Date(Date.UTC(year, month - 1, 15, 12)));
}

// Monday-first short weekday names.
export function weekday_names(style = 'short') {
  const out = [];
  for (let i = 0; i < 7; i++) {
    // 2024-01-01 was a Monday.
    out.push(new Intl.DateTimeFormat(locale(), { timeZone: 'UTC', weekday: style }).format(new Date(Date.UTC(2024, 0, 1 + i, 12))));
  }
  return out;
}

// ["a", "b", "c"] -> "a, b and c" in the reader's language.
export function list_format(items) {
  return new Intl.ListFormat(locale(), { style: 'long', type: 'conjunction' }).format(items);
}

export function format_number(n) {
  return typeof n === 'number' ? new Intl.NumberFormat(locale()).format(n) : String(n);
}
