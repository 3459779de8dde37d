// What every section of /admin shares: the data several sections read (cycles, series, sectors,
// sessions, staff accounts, the privacy ledger), a small change bus so one section can tell the
// others that something moved, the one load/notify helper, and the table that becomes cards on a
// phone.
//
// A section is a module exporting { name, init(), load(), render() } (see admin.js):
//   init()   wires its forms once, after the page's strings are loaded;
//   load()   fetches what it shows (through load_into) and renders it;
//   render() draws again from what it holds (a language switch calls every render()).
// Messages: every attempt first hides the notice it will answer in, so a new message replaces a
// stale "Saved." and an error never stands next to an old success.

import { t, tn, format_number } from './i18n.js';
import { api, ApiError, error_message, show_errors, clear_errors, show_notice, hide_notice } from './api.js';
import { h, clear, $ } from './dom.js';
import { handle_auth_error } from './staff_auth.js';

export const shared = {
  cycles: [], series: [], sectors: [], sessions: [], accounts: [], ledger: [], current_cycle: null, role: null,
};

// --- the change bus: changed('sessions') reloads every section that listens to 'sessions' ---

const listeners = new Map();
export function on_change(topic, fn) {
  if (!listeners.has(topic)) listeners.set(topic, []);
  listeners.get(topic).push(fn);
}
export function changed(topic) {
  for (const fn of listeners.get(topic) || []) fn();
}

// --- load and notify ---

function auth_gone(e) {
  if (!handle_auth_error(e)) return false;
  $('#admin-area').hidden = true;
  return true;
}

export function fail(el, e, context) {
  if (auth_gone(e)) return;
  show_notice(el, 'error', error_message(e, context), true);
}

// Fetches `path` (or runs `fn`) for a section: on success hides `el` (a loading error of before
// goes) and returns the data; on failure shows why in `el` and returns `fallback`.
export async function load_into(el, path_or_fn, fallback) {
  try {
    const out = typeof path_or_fn === 'function' ? await path_or_fn() : await api('GET', path_or_fn);
    hide_notice(el);
    return out;
  } catch (e) {
    fail(el, e);
    return fallback;
  }
}

// One change sent to the API and its answer told in `el`:
//   attempt(el, () => api('PUT', ...), {form, done: (out) => text, context, fields: {api_field: form_field}})
// The notice is hidden first; on success `done(out)` (a string or a function of the answer, or
// nothing for silence) fills it; a 422 with field errors puts each next to its field in `form`
// (and a summary in `el`), a 409 with `conflict(e)` lets the caller answer; anything else is an
// error sentence in `el`. Returns {ok: true, out} or {ok: false, error}.
export async function attempt(el, fn, { form, done, context, fields, conflict, focus = true } = {}) {
  hide_notice(el);
  try {
    const out = await fn();
    if (form) clear_errors(form);
    const text = typeof done === 'function' ? done(out) : done;
    if (text) notify(el, 'success', text, focus);
    return { ok: true, out };
  } catch (e) {
    if (e instanceof ApiError && e.status === 409 && conflict && conflict(e)) return { ok: false, error: e };
    if (form && e instanceof ApiError && e.status === 422 && Object.keys(e.errors).length) {
      const mapped = {};
      for (const [f, c] of Object.entries(e.errors)) mapped[(fields && fields[f]) || f] = c;
      show_notice(el, 'error', t('admin.fix_fields'));
      show_errors(form, mapped, el)?.focus();
    } else fail(el, e, context);
    return { ok: false, error: e };
  }
}

// A message in `el` that replaces whatever was there. text may be a string or DOM nodes.
export function notify(el, kind, text, focus = true) {
  if (typeof text === 'string') show_notice(el, kind, text, focus);
  else {
    show_notice(el, kind, '', focus);
    el.append(...[text].flat());
  }
}

// Errors found before sending: beside their fields, and the notice (maybe a stale success) goes.
export function refuse(form, errors, el) {
  if (el) hide_notice(el);
  show_errors(form, errors, el)?.focus();
}

// --- who was told: {count, languages: {fr: n, nl: m}} from the API, as a sentence ---

export function told_text(notified) {
  if (!notified) return '';
  const n = notified.count ?? 0;
  if (!n) return t('admin.told_none');
  const names = Object.entries(notified.languages || {}).filter(([, c]) => c > 0)
    .map(([l, c]) => t('admin.told_in_language', { n: format_number(c), language: t(`admin.language.${l}`) }));
  return tn('admin.told', n, { languages: names.join(', ') });
}

// --- tables that are cards on a phone ---
// headers: strings or {text, num}; rows: <tr> elements whose cells follow the headers. Each
// cell gets its header as data-label so that the narrow layout (site.css, table.cards) can say
// what a value is once the header row is hidden.

// The roles are explicit because a table drawn as blocks loses them in browsers.
export function table(el, headers, rows) {
  clear(el);
  el.classList.add('cards');
  el.setAttribute('role', 'table');
  const labels = headers.map((x) => x.text ?? x);
  el.append(h('thead', { role: 'rowgroup' }, h('tr', { role: 'row' },
    headers.map((x) => h('th', { scope: 'col', role: 'columnheader', class: x.num ? 'num' : undefined }, x.text ?? x)))));
  for (const tr of rows) {
    tr.setAttribute('role', 'row');
    [...tr.children].forEach((cell, i) => {
      cell.setAttribute('role', cell.tagName === 'TH' ? 'rowheader' : 'cell');
      if (labels[i]) cell.dataset.label = labels[i];
    });
  }
  el.append(h('tbody', { role: 'rowgroup' }, rows));
}

export const num_td = (v) => h('td', { class: 'num' }, typeof v === 'number' ? format_number(v) : String(v ?? ''));

// The label of the cycle running today (GET /api/v1/cycles/current), else the latest that has begun.
export function default_cycle(labels) {
  if (shared.current_cycle && labels.includes(shared.current_cycle)) return shared.current_cycle;
  const this_year = new Date().getFullYear();
  return labels.find((l) => Number(l.slice(0, 4)) <= this_year) || labels[0] || '';
}

// Fills a <select> of cycles: keeps what the reader chose, else the current cycle.
export function fill_cycle_select(sel, labels) {
  const keep = sel.dataset.chosen;
  clear(sel);
  for (const l of labels) sel.append(h('option', { value: l }, l));
  sel.value = keep && labels.includes(keep) ? keep : default_cycle(labels);
  if (!sel.dataset.wired) {
    sel.dataset.wired = '1';
    sel.addEventListener('change', () => { sel.dataset.chosen = sel.value; });
  }
}

export function cycle_labels() {
  return [...new Set([...shared.cycles.map((c) => c.label), ...shared.ledger.map((c) => c.cycle)])].sort().reverse();
}
