// The admins' page: cycles, series, sessions, staff accounts, themes, the privacy ledger with a
// purge preview and a confirmation step, the anonymised annual report with SVG charts and its
// CSV, the audit trail. Each section loads on its own, so one failing endpoint does not hide
// the others.

import { init_page } from './layout.js';
import {
  t, pick, lang, on_language_change, format_date, format_time, format_day, format_short_date_time, format_number,
} from './i18n.js';
import { api, ApiError, error_message, show_errors, clear_errors, show_notice, hide_notice, form_values } from './api.js';
import { h, clear, $, focus_on } from './dom.js';
import { start_staff, handle_auth_error } from './staff_auth.js';
import { bar_chart } from './charts.js';
import { init_gdpr, load_gdpr } from './admin_gdpr.js';

const state = {
  cycles: [], series: [], sectors: [], sessions: [], accounts: [], themes: [], ledger: [], audit: [], report: null,
  editing: null, editing_cycle: null, editing_series: null, purge: null,
};

function fail(el, e, context) {
  if (handle_auth_error(e)) { $('#admin-area').hidden = true; return; }
  show_notice(el, 'error', error_message(e, context), true);
}

function table(el, headers, rows) {
  clear(el);
  el.append(h('thead', {}, h('tr', {}, headers.map((x) => h('th', { scope: 'col', class: x.num ? 'num' : undefined }, x.text ?? x)))));
  el.append(h('tbody', {}, rows));
}

const num_td = (v) => h('td', { class: 'num' }, typeof v === 'number' ? format_number(v) : String(v ?? ''));

// --- Brussels local time <-> ISO with offset, for <input type="datetime-local"> ---

function brussels_offset(utc_ms) {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Brussels', timeZoneName: 'longOffset' }).formatToParts(new Date(utc_ms));
  const name = parts.find((p) => p.type === 'timeZoneName').value; // "GMT+01:00" or "GMT"
  const m = /GMT([+-]\d{2}):?(\d{2})?/.exec(name);
  return m ? `${m[1]}:${m[2] || '00'}` : '+00:00';
}

export function local_to_iso(local) { // "2026-12-08T09:30" in Brussels -> "2026-12-08T09:30:00+01:00"
  const [d, tm] = local.split('T');
  const [y, mo, da] = d.split('-').map(Number);
  const [hh, mi] = tm.split(':').map(Number);
  const naive = Date.UTC(y, mo - 1, da, hh, mi);
  let off = brussels_offset(naive);
  const ms = (o) => (o[0] === '-' ? -1 : 1) * (Number(o.slice(1, 3)) * 60 + Number(o.slice(4, 6))) * 60000;
  off = brussels_offset(naive - ms(off));
  return `${d}T${tm.slice(0, 5)}:00${off}`;
}

function iso_to_local(iso) { // the server sends Brussels wall time with its offset
  return iso ? iso.slice(0, 16) : '';
}

// --- cycles ---

async function load_cycles() {
  try {
    state.cycles = await api('GET', '/api/v1/cycles');
    hide_notice($('#cycles-notice'));
  } catch (e) {
    state.cycles = [];
    fail($('#cycles-notice'), e);
  }
  render_cycles();
  fill_cycle_selects();
}

function render_cycles() {
  table($('#cycles-table'), [t('admin.cycle'), t('admin.cycles.first_day'), t('admin.cycles.last_day'), t('admin.cycles.deletion'), t('admin.cycles.purged'), t('admin.actions')],
    state.cycles.map((c) => h('tr', {},
      h('th', { scope: 'row' }, c.label), h('td', {}, format_day(c.first_day)), h('td', {}, format_day(c.last_day)),
      h('td', {}, c.deletion_date ? format_day(c.deletion_date) : '—'), h('td', {}, c.purged_at ? format_short_date_time(c.purged_at) : '—'),
      h('td', {}, h('div', { class: 'actions' },
        h('button', {
          type: 'button', class: 'button secondary small', id: `edit-cycle-${c.label}`, 'aria-label': `${t('admin.cycles.edit_dates')} ${c.label}`,
          disabled: Boolean(c.purged_at), onclick: () => edit_cycle(c),
        }, t('admin.cycles.edit_dates')),
        h('button', {
          type: 'button', class: 'button secondary small', 'aria-label': `${t('admin.cycles.generate')} ${c.label}`,
          disabled: Boolean(c.purged_at), onclick: () => generate(c),
        }, t('admin.cycles.generate')))))));
  suggest_next_cycle();
}

// The label after the latest one: "2026-2027" -> "2027-2028".
export function next_cycle_label(labels) {
  const years = labels.map((l) => /^(\d{4})-(\d{4})$/.exec(l)).filter(Boolean).map((m) => Number(m[1]));
  const first = years.length ? Math.max(...years) + 1 : new Date().getFullYear();
  return `${first}-${first + 1}`;
}

function suggest_next_cycle() {
  const input = $('#cn-label');
  if (!input.value || input.dataset.suggested === input.value) {
    input.value = next_cycle_label(state.cycles.map((c) => c.label));
    input.dataset.suggested = input.value;
  }
}

const iso_day = /^\d{4}-\d{2}-\d{2}$/;

function check_days(v, need) {
  const errors = {};
  for (const f of ['first_day', 'last_day']) {
    if (!v[f]) { if (need) errors[f] = 'required'; } else if (!iso_day.test(v[f])) errors[f] = 'invalid_date';
  }
  if (!errors.first_day && !errors.last_day && v.first_day && v.last_day && v.last_day < v.first_day) errors.last_day = 'invalid_date';
  return errors;
}

function edit_cycle(c) {
  state.editing_cycle = c;
  const form = $('#cycle-form');
  clear_errors(form);
  hide_notice($('#cycle-edit-error'));
  $('#cycle-edit').hidden = false;
  $('#cycle-edit-heading').textContent = t('admin.cycles.edit_heading', { cycle: c.label });
  form.elements.first_day.value = c.first_day;
  form.elements.last_day.value = c.last_day;
  focus_on($('#cycle-edit-heading'));
}

// Dates that would purge earlier than the cycle's deletion date come back as 409 with what would
// be purged: the admin sees it and may confirm, which sends the dates again with confirm_purge.
function ask_purge_confirmation(label, body, form, notice, p) {
  const w = p.would_purge;
  show_notice(notice, 'warn', t('admin.cycles.purge_warning', {
    participants: w.participants, registrations: w.registrations, mails: w.mails, sessions: w.sessions_closed,
    date: p.deletion_date, current: p.current_deletion_date,
  }), true);
  notice.append(' ', h('button', {
    type: 'button', class: 'button small danger', id: 'cycle-purge-confirm',
    onclick: async () => {
      if (await put_cycle(label, { ...body, confirm_purge: true }, form, notice)) show_notice(notice, 'success', t('admin.cycles.saved', { cycle: label }), true);
    },
  }, t('admin.cycles.purge_confirm')));
}

async function put_cycle(label, body, form, notice) {
  try {
    await api('PUT', `/api/v1/cycles/${encodeURIComponent(label)}`, { body });
    clear_errors(form);
    await load_cycles();
    return true;
  } catch (e) {
    if (e instanceof ApiError && e.status === 409 && e.problem.would_purge) { ask_purge_confirmation(label, body, form, notice, e.problem); return false; }
    if (e instanceof ApiError && e.status === 422 && Object.keys(e.errors).length) show_errors(form, e.errors, notice)?.focus();
    else fail(notice, e, 'cycle');
    return false;
  }
}

async function save_cycle(ev) {
  ev.preventDefault();
  const form = ev.target;
  const c = state.editing_cycle;
  const v = form_values(form);
  const errors = check_days(v, true);
  hide_notice($('#cycle-edit-error'));
  if (Object.keys(errors).length) { show_errors(form, errors)?.focus(); return; }
  if (v.first_day === c.first_day && v.last_day === c.last_day) {
    show_notice($('#cycle-edit-error'), 'info', t('admin.nothing_changed'), true); return;
  }
  if (await put_cycle(c.label, { first_day: v.first_day, last_day: v.last_day }, form, $('#cycle-edit-error'))) {
    state.editing_cycle = state.cycles.find((x) => x.label === c.label) || c;
    show_notice($('#cycle-edit-error'), 'success', t('admin.cycles.saved', { cycle: c.label }), true);
  }
}

async function add_cycle(ev) {
  ev.preventDefault();
  const form = ev.target;
  const v = form_values(form);
  const errors = check_days(v, false);
  hide_notice($('#cycle-add-notice'));
  const m = /^(\d{4})-(\d{4})$/.exec(v.label);
  if (!v.label) errors.label = 'required';
  else if (!m || Number(m[2]) !== Number(m[1]) + 1) errors.label = 'invalid';
  else if (state.cycles.some((c) => c.label === v.label)) errors.label = 'cycle_exists';
  if (Object.keys(errors).length) { show_errors(form, errors)?.focus(); return; }
  const body = {};
  if (v.first_day) body.first_day = v.first_day;
  if (v.last_day) body.last_day = v.last_day;
  if (await put_cycle(v.label, body, form, $('#cycle-add-notice'))) {
    form.reset();
    $('#cn-label').dataset.suggested = '';
    suggest_next_cycle();
    show_notice($('#cycle-add-notice'), 'success', t('admin.cycles.created', { cycle: v.label }), true);
  }
}

async function generate(c) {
  try {
    const out = await api('POST', `/api/v1/cycles/${encodeURIComponent(c.label)}/generate`, { body: {} });
    show_notice($('#cycles-notice'), 'success', t('admin.cycles.generated', { n: out && out.created != null ? out.created : 0, cycle: c.label }), true);
    load_sessions();
  } catch (e) { fail($('#cycles-notice'), e); }
}

function fill_cycle_selects() {
  const labels = [...new Set([...state.cycles.map((c) => c.label), ...state.ledger.map((c) => c.cycle)])].sort().reverse();
  for (const id of ['#purge-cycle', '#report-cycle']) {
    const sel = $(id);
    const keep = sel.value;
    clear(sel);
    for (const l of labels) sel.append(h('option', { value: l }, l));
    if (labels.includes(keep)) sel.value = keep;
  }
  update_csv_link();
}

// --- series ---

async function load_series() {
  try {
    state.series = await api('GET', '/api/v1/series');
    hide_notice($('#series-notice'));
  } catch (e) { fail($('#series-notice'), e); }
  render_series();
}

function render_series() {
  table($('#series-table'), [t('admin.series.title'), t('admin.series.cadence'), { text: t('admin.sessions.capacity'), num: true }, t('session.where'), t('admin.actions')],
    state.series.map((x) => h('tr', {},
      h('th', { scope: 'row' }, pick(x.title), h('br'), h('small', {}, x.slug)),
      h('td', {}, t(`cadence.${x.cadence}`)),
      num_td(x.capacity),
      h('td', {}, x.online ? t('session.online') : (x.place || '—')),
      h('td', {}, h('button', {
        type: 'button', class: 'button secondary small', id: `edit-series-${x.slug}`, 'aria-label': `${t('admin.edit')}: ${pick(x.title)}`,
        onclick: () => edit_series(x),
      }, t('admin.edit'))))));
  if (state.editing_series) render_series_sectors(state.editing_series, true);
}

// The form's fields as the API names them, read back the same way for every comparison.
const series_list_fields = ['ordinals', 'months', 'skip_months'];
const series_date_fields = ['skip_dates', 'extra_dates'];
const series_number_fields = ['duration_minutes', 'capacity', 'close_hours'];

function checked_values(form, name) {
  return [...form.querySelectorAll(`input[name="${name}"]:checked`)].map((el) => el.value);
}

function series_form_state(form) {
  const v = form_values(form);
  return {
    ...v,
    roles: checked_values(form, 'roles'),
    sectors: checked_values(form, 'sectors'),
    facilitators: checked_values(form, 'facilitators'),
    online: form.elements.online.checked,
  };
}

function render_series_sectors(x, keep) {
  const form = $('#series-form');
  const before = keep ? new Set(checked_values(form, 'sectors')) : new Set(x.audience?.sectors || ['*']);
  const box = clear($('#sr-sectors-list'));
  const options = [{ id: '*', label: t('admin.series.all_sectors') }, ...state.sectors.map((sec) => ({ id: sec.id, label: pick(sec.label) }))];
  for (const o of options) {
    const id = `sr-sector-${o.id === '*' ? 'all' : o.id}`;
    box.append(h('div', { class: 'choice' },
      h('input', { type: 'checkbox', id, name: 'sectors', value: o.id, checked: before.has(o.id) }),
      h('label', { for: id }, o.label)));
  }
}

function render_series_facilitators(x, keep) {
  const form = $('#series-form');
  const before = new Set(keep ? checked_values(form, 'facilitators') : (x.facilitators || []));
  const box = clear($('#sr-facilitators-list'));
  const candidates = state.accounts.filter((a) => a.active !== false && (a.role === 'facilitator' || a.role === 'admin'));
  if (!candidates.length) box.append(h('p', { class: 'hint' }, t('admin.sessions.facilitators_none')));
  for (const a of candidates) {
    const id = `sr-fac-${a.id}`;
    box.append(h('div', { class: 'choice' },
      h('input', { type: 'checkbox', id, name: 'facilitators', value: a.email, checked: before.has(a.email) }),
      h('label', { for: id }, a.name ? `${a.name} (${a.email})` : a.email)));
  }
}

function edit_series(x) {
  state.editing_series = x;
  const form = $('#series-form');
  form.reset();
  clear_errors(form);
  hide_notice($('#series-edit-error'));
  $('#series-edit').hidden = false;
  $('#series-edit-heading').textContent = `${t('admin.edit')}: ${pick(x.title)}`;
  form.elements['title.fr'].value = x.title?.fr || '';
  form.elements['title.nl'].value = x.title?.nl || '';
  form.elements['title.en'].value = x.title?.en || '';
  for (const el of form.querySelectorAll('input[name="roles"]')) el.checked = (x.audience?.roles || []).includes(el.value);
  render_series_sectors(x, false);
  render_series_facilitators(x, false);
  form.elements.cadence.value = x.cadence || 'monthly';
  form.elements.online.checked = Boolean(x.online);
  form.elements.capacity.value = x.capacity ?? '';
  form.elements.place.value = x.place || '';
  if (x.active === true || x.active === false) form.elements.active.value = String(x.active);
  state.series_initial = series_form_state(form);
  focus_on($('#series-edit-heading'));
}

const split_list = (text) => text.split(/[\s,;]+/).filter(Boolean);

// The body of PUT /api/v1/series/{slug}: only what differs from what the form was opened with
// (the API keeps every field it is not given). Returns {body, errors}.
export function series_changes(now, initial) {
  const body = {};
  const errors = {};
  const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
  if (now['title.fr'] !== initial['title.fr'] || now['title.nl'] !== initial['title.nl'] || now['title.en'] !== initial['title.en']) {
    for (const l of ['fr', 'nl', 'en']) if (!now[`title.${l}`]) errors[`title.${l}`] = 'required';
    body.title = { fr: now['title.fr'], nl: now['title.nl'], en: now['title.en'] };
  }
  if (!same(now.roles, initial.roles)) {
    if (!now.roles.length) errors.roles = 'required';
    body.roles = now.roles;
  }
  if (!same(now.sectors, initial.sectors)) {
    if (!now.sectors.length) errors.sectors = 'required';
    body.sectors = now.sectors.includes('*') ? ['*'] : now.sectors;
  }
  if (!same(now.facilitators, initial.facilitators)) body.facilitators = now.facilitators;
  for (const f of ['cadence', 'weekday', 'start', 'place']) if (now[f] && now[f] !== initial[f]) body[f] = now[f];
  if (initial.place && !now.place) errors.place = 'required';
  for (const f of series_list_fields) {
    if (!now[f] || now[f] === initial[f]) continue;
    const items = split_list(now[f]);
    if (items.some((x) => !/^-?\d+$/.test(x))) errors[f] = 'must_be_integer';
    else body[f] = items.map(Number);
  }
  for (const f of series_date_fields) {
    if (!now[f] || now[f] === initial[f]) continue;
    const items = split_list(now[f]);
    if (items.some((x) => !/^\d{4}-\d{2}-\d{2}$/.test(x))) errors[f] = 'invalid_date';
    else body[f] = items;
  }
  for (const f of series_number_fields) {
    if (now[f] === '' || now[f] === initial[f]) continue;
    if (!/^\d+$/.test(now[f])) errors[f] = 'must_be_integer';
    else body[f] = Number(now[f]);
  }
  if (now.online !== initial.online) body.online = now.online;
  if (now.active && now.active !== initial.active) body.active = now.active === 'true';
  return { body, errors };
}

// Error keys of the recurrence rule that are named differently in the form.
const series_error_fields = { kind: 'cadence', on: 'ordinals', title: 'title.fr', label: 'title.fr', recurrence: 'cadence' };

async function save_series(ev) {
  ev.preventDefault();
  const form = ev.target;
  const x = state.editing_series;
  const notice = $('#series-edit-error');
  hide_notice(notice);
  const { body, errors } = series_changes(series_form_state(form), state.series_initial);
  if (Object.keys(errors).length) { show_errors(form, errors, notice)?.focus(); return; }
  if (!Object.keys(body).length) { clear_errors(form); show_notice(notice, 'info', t('admin.nothing_changed'), true); return; }
  try {
    await api('PUT', `/api/v1/series/${encodeURIComponent(x.slug)}`, { body });
    clear_errors(form);
    await load_series();
    const fresh = state.series.find((s) => s.slug === x.slug);
    const kept = series_form_state(form);
    if (fresh) { state.editing_series = { ...fresh, place: kept.place, facilitators: kept.facilitators }; $('#series-edit-heading').textContent = `${t('admin.edit')}: ${pick(fresh.title)}`; }
    state.series_initial = kept;
    show_notice(notice, 'success', t('admin.saved'), true);
    load_sessions();
  } catch (e) {
    if (e instanceof ApiError && e.status === 422 && Object.keys(e.errors).length) {
      const mapped = {};
      for (const [f, c] of Object.entries(e.errors)) mapped[series_error_fields[f] || f] = c;
      show_errors(form, mapped, notice)?.focus();
    } else fail(notice, e, 'series');
  }
}

// --- sessions ---

async function load_sessions() {
  try {
    const to = new Date(Date.now() + 400 * 86400000).toISOString().slice(0, 10);
    const from = new Date(Date.now() - 60 * 86400000).toISOString().slice(0, 10);
    state.sessions = await api('GET', `/api/v1/staff/sessions?from=${from}&to=${to}`);
    state.sessions.sort((a, b) => a.starts_at.localeCompare(b.starts_at));
    hide_notice($('#sessions-notice'));
  } catch (e) { fail($('#sessions-notice'), e); }
  render_sessions();
}

function session_label(x) { return `${x.title ? pick(x.title) : x.series}, ${format_date(x.starts_at)}`; }

function render_sessions() {
  table($('#sessions-table'), [t('session.when'), t('admin.series.title'), t('session.where'), { text: t('admin.sessions.booked'), num: true }, t('admin.sessions.facilitators'), t('admin.sessions.state'), t('admin.actions')],
    state.sessions.map((x) => h('tr', {},
      h('td', {}, h('time', { datetime: x.starts_at }, `${format_date(x.starts_at)} ${format_time(x.starts_at)}`)),
      h('td', {}, x.title ? pick(x.title) : x.series),
      h('td', {}, x.place),
      num_td(`${x.capacity - x.seats_left}/${x.capacity}${x.waitlist ? ` (+${x.waitlist})` : ''}`),
      h('td', { class: 'facilitators' }, (x.facilitators || []).map((f) => f.name || f.email).join(', ') || '—'),
      h('td', {}, t(`session.state.${x.roll_missing ? 'roll_missing' : x.state}`)),
      h('td', {}, h('button', {
        type: 'button', class: 'button secondary small', id: `edit-session-${x.id}`, 'aria-label': `${t('admin.edit')}: ${session_label(x)}`,
        onclick: () => edit_session(x),
      }, t('admin.edit'))))));
}

function edit_session(x) {
  state.editing = x;
  const form = $('#session-form');
  clear_errors(form);
  hide_notice($('#session-edit-error'));
  $('#session-edit').hidden = false;
  $('#se-cancel-confirm').hidden = true;
  $('#se-cancel').setAttribute('aria-expanded', 'false');
  $('#session-edit-heading').textContent = `${t('admin.edit')}: ${session_label(x)}`;
  form.elements.starts_at.value = iso_to_local(x.starts_at);
  form.elements.ends_at.value = iso_to_local(x.ends_at);
  form.elements.place.value = x.place || '';
  form.elements.capacity.value = x.capacity;
  render_facilitator_choices(x);
  const cancelled = x.state === 'cancelled';
  $('#se-cancel').disabled = cancelled;
  $('#se-held').disabled = x.state !== 'scheduled';
  focus_on($('#session-edit-heading'));
}

// Who may facilitate: active facilitator and admin accounts, plus anyone already assigned
// (so that an assignment of a since-disabled account stays visible and can be removed).
function facilitator_candidates(x) {
  const assigned = new Set((x.facilitators || []).map((f) => f.id));
  return state.accounts.filter((a) => (a.active !== false && (a.role === 'facilitator' || a.role === 'admin')) || assigned.has(a.id));
}

function render_facilitator_choices(x) {
  const box = clear($('#se-facilitators-list'));
  const assigned = new Set((x.facilitators || []).map((f) => f.id));
  const candidates = facilitator_candidates(x);
  $('#se-facilitators-none').hidden = candidates.length > 0;
  for (const a of candidates) {
    const id = `se-fac-${a.id}`;
    const who = a.name ? `${a.name} (${a.email})` : a.email;
    box.append(h('div', { class: 'choice' },
      h('input', { type: 'checkbox', id, name: 'facilitators', value: a.id, checked: assigned.has(a.id) }),
      h('label', { for: id }, who, a.active === false ? ` — ${t('admin.accounts.disabled')}` : '', a.role === 'admin' ? ` — ${t('staffrole.admin')}` : '')));
  }
}

function chosen_facilitators() {
  return [...document.querySelectorAll('#se-facilitators-list input[name="facilitators"]:checked')].map((el) => Number(el.value)).sort((a, b) => a - b);
}

async function patch_session(body, done_text) {
  const x = state.editing;
  const form = $('#session-form');
  try {
    const out = await api('PATCH', `/api/v1/sessions/${x.id}`, { body });
    clear_errors(form);
    await load_sessions();
    const fresh = state.sessions.find((s) => s.id === x.id) || (out && out.id ? out : x);
    edit_session(fresh);
    show_notice($('#session-edit-error'), 'success', done_text, true);
  } catch (e) {
    if (e instanceof ApiError && e.status === 422 && Object.keys(e.errors).length) show_errors(form, e.errors, $('#session-edit-error'))?.focus();
    else fail($('#session-edit-error'), e, 'session_edit');
  }
}

function save_session(ev) {
  ev.preventDefault();
  const form = ev.target;
  const v = form_values(form);
  const errors = {};
  for (const f of ['starts_at', 'ends_at', 'place', 'capacity']) if (!v[f]) errors[f] = 'required';
  if (Object.keys(errors).length) { show_errors(form, errors)?.focus(); return; }
  const x = state.editing;
  const body = {};
  const starts = local_to_iso(v.starts_at);
  const ends = local_to_iso(v.ends_at);
  if (v.starts_at !== iso_to_local(x.starts_at)) body.starts_at = starts;
  if (v.ends_at !== iso_to_local(x.ends_at)) body.ends_at = ends;
  if (v.place !== x.place) body.place = v.place;
  if (Number(v.capacity) !== x.capacity) body.capacity = Number(v.capacity);
  const fac = chosen_facilitators();
  const before = (x.facilitators || []).map((f) => f.id).sort((a, b) => a - b);
  if (fac.join(',') !== before.join(',')) body.facilitators = fac;
  if (!Object.keys(body).length) { show_notice($('#session-edit-error'), 'info', t('admin.nothing_changed'), true); return; }
  patch_session(body, t('admin.saved'));
}

// --- staff accounts ---

async function load_accounts() {
  try {
    state.accounts = await api('GET', '/api/v1/staff-accounts');
    hide_notice($('#accounts-notice'));
  } catch (e) { state.accounts = []; fail($('#accounts-notice'), e); }
  render_accounts();
  if (state.editing) {
    const keep = new Set(chosen_facilitators());
    render_facilitator_choices(state.editing);
    for (const el of document.querySelectorAll('#se-facilitators-list input')) if (keep.has(Number(el.value))) el.checked = true;
  }
  if (state.editing_series) render_series_facilitators(state.editing_series, true);
}

function render_accounts() {
  table($('#accounts-table'), [t('field.email'), t('field.name'), t('field.staff_role'), t('admin.accounts.state'), t('admin.actions')],
    state.accounts.map((a) => {
      const pw_id = `reset-pw-${a.id}`;
      const active = a.active !== false;
      return h('tr', {},
        h('th', { scope: 'row' }, a.email),
        h('td', {}, a.name || a.display_name || ''),
        h('td', {}, t(`staffrole.${a.role}`)),
        h('td', {}, active ? t('admin.accounts.active') : t('admin.accounts.disabled')),
        h('td', {},
          h('div', { class: 'actions' },
            h('button', {
              type: 'button', class: `button small ${active ? 'danger' : 'secondary'}`,
              'aria-label': `${active ? t('admin.accounts.disable') : t('admin.accounts.enable')}: ${a.email}`,
              onclick: () => patch_account(a, { active: !active }, active ? t('admin.accounts.disabled_ok') : t('admin.accounts.enabled_ok')),
            }, active ? t('admin.accounts.disable') : t('admin.accounts.enable'))),
          h('div', { class: 'inline-form' },
            h('div', { class: 'field' },
              h('label', { for: pw_id }, t('admin.accounts.new_password')),
              h('input', { type: 'password', id: pw_id, autocomplete: 'new-password', minlength: 12 })),
            h('button', {
              type: 'button', class: 'button secondary small', 'aria-label': `${t('admin.accounts.reset')}: ${a.email}`,
              onclick: () => {
                const pw = $(`#${pw_id}`).value;
                if (!pw) { show_notice($('#accounts-notice'), 'error', `${t('admin.accounts.new_password')}: ${t('error.field.required')}`, true); return; }
                patch_account(a, { password: pw }, t('admin.accounts.reset_ok'));
              },
            }, t('admin.accounts.reset')))));
    }));
}

async function patch_account(a, body, done) {
  try {
    await api('PATCH', `/api/v1/staff-accounts/${a.id}`, { body });
    await load_accounts();
    show_notice($('#accounts-notice'), 'success', done, true);
  } catch (e) {
    if (e instanceof ApiError && e.status === 422) {
      show_notice($('#accounts-notice'), 'error', Object.entries(e.errors).map(([f, c]) => `${f}: ${t(`error.field.${c}`)}`).join(' · ') || error_message(e), true);
    } else fail($('#accounts-notice'), e);
  }
}

async function add_account(ev) {
  ev.preventDefault();
  const form = ev.target;
  const v = form_values(form);
  const errors = {};
  if (!v.email) errors.email = 'required';
  if (!form.elements.password.value) errors.password = 'required';
  if (Object.keys(errors).length) { show_errors(form, errors)?.focus(); return; }
  const body = { email: v.email, role: v.role, password: form.elements.password.value };
  if (v.name) body.name = v.name;
  try {
    await api('POST', '/api/v1/staff-accounts', { body });
    clear_errors(form);
    form.reset();
    await load_accounts();
    show_notice($('#accounts-notice'), 'success', t('admin.accounts.added'), true);
  } catch (e) {
    if (e instanceof ApiError && e.status === 422 && Object.keys(e.errors).length) show_errors(form, e.errors, $('#accounts-notice'))?.focus();
    else fail($('#accounts-notice'), e, 'account');
  }
}

// --- themes ---

async function load_themes() {
  try {
    state.themes = await api('GET', '/api/v1/themes');
    hide_notice($('#atheme-notice'));
  } catch (e) { fail($('#atheme-notice'), e); }
  render_themes();
}

function render_themes() {
  table($('#themes-table'), [t('admin.themes.id'), t('admin.themes.label'), t('admin.accounts.state'), t('admin.actions')],
    state.themes.map((x) => h('tr', {},
      h('th', { scope: 'row' }, x.id),
      h('td', {}, pick(x.label)),
      h('td', {}, x.retired ? t('themes.retired') : t('admin.themes.in_use')),
      h('td', {}, h('button', {
        type: 'button', class: 'button secondary small', 'aria-label': `${x.retired ? t('admin.themes.restore') : t('admin.themes.retire')}: ${pick(x.label)}`,
        onclick: () => retire_theme(x, !x.retired),
      }, x.retired ? t('admin.themes.restore') : t('admin.themes.retire'))))));
}

async function retire_theme(x, retired) {
  try {
    await api('PATCH', `/api/v1/themes/${encodeURIComponent(x.id)}`, { body: { retired } });
    await load_themes();
    show_notice($('#atheme-notice'), 'success', retired ? t('admin.themes.retired_ok') : t('admin.themes.restored_ok'), true);
  } catch (e) { fail($('#atheme-notice'), e); }
}

async function add_theme(ev) {
  ev.preventDefault();
  const form = ev.target;
  const v = form_values(form);
  const errors = {};
  for (const f of ['id', 'label_fr', 'label_nl', 'label_en']) if (!v[f]) errors[f] = 'required';
  if (v.id && !/^[a-z0-9_]+$/.test(v.id)) errors.id = 'invalid';
  if (Object.keys(errors).length) { show_errors(form, errors)?.focus(); return; }
  try {
    await api('POST', '/api/v1/themes', { body: { id: v.id, label: { fr: v.label_fr, nl: v.label_nl, en: v.label_en } } });
    clear_errors(form);
    form.reset();
    await load_themes();
    show_notice($('#atheme-notice'), 'success', t('admin.themes.added'), true);
  } catch (e) {
    if (e instanceof ApiError && e.status === 422 && Object.keys(e.errors).length) {
      const mapped = {};
      for (const [f, c] of Object.entries(e.errors)) mapped[f === 'label' ? 'label_fr' : f] = c;
      show_errors(form, mapped, $('#atheme-notice'))?.focus();
    } else fail($('#atheme-notice'), e, 'theme');
  }
}

// --- privacy ledger and purge ---

const record_kinds = ['participants', 'registrations', 'personal_links', 'mails'];

async function load_ledger() {
  try {
    state.ledger = await api('GET', '/api/v1/privacy');
    hide_notice($('#privacy-notice'));
  } catch (e) { state.ledger = []; fail($('#privacy-notice'), e); }
  render_ledger();
  fill_cycle_selects();
}

function render_ledger() {
  table($('#privacy-table'), [t('admin.cycle'), t('admin.cycles.deletion'), t('admin.cycles.purged'), ...record_kinds.map((k) => ({ text: t(`admin.records.${k}`), num: true }))],
    state.ledger.map((c) => h('tr', {},
      h('th', { scope: 'row' }, c.cycle),
      h('td', {}, format_day(c.deletion_date)),
      h('td', {}, c.purged_at ? format_short_date_time(c.purged_at) : '—'),
      record_kinds.map((k) => num_td(c.records ? c.records[k] ?? 0 : 0)))));
}

function removed_list(removed) {
  return record_kinds.map((k) => h('li', {}, t(`admin.records.${k}`), ': ', format_number(removed?.[k] ?? 0)));
}

async function purge_preview(ev) {
  ev.preventDefault();
  const cycle = $('#purge-cycle').value;
  hide_notice($('#purge-done'));
  if (!cycle) return;
  try {
    const out = await api('POST', '/api/v1/purge', { body: { cycle, dry_run: true } });
    state.purge = { cycle, removed: out.removed };
    $('#purge-preview').hidden = false;
    $('#purge-confirm').hidden = true;
    $('#purge-start').setAttribute('aria-expanded', 'false');
    $('#purge-preview-text').textContent = t('admin.purge.would_remove', { cycle });
    const list = clear($('#purge-preview-list'));
    list.append(...removed_list(out.removed));
    focus_on($('#purge-preview'));
  } catch (e) { fail($('#purge-done'), e, 'purge'); }
}

async function purge_now() {
  const { cycle } = state.purge;
  try {
    const out = await api('POST', '/api/v1/purge', { body: { cycle, dry_run: false } });
    $('#purge-preview').hidden = true;
    state.purge = null;
    const done = $('#purge-done');
    show_notice(done, 'success', t('admin.purge.done', { cycle }));
    done.append(h('ul', {}, removed_list(out.removed)));
    focus_on(done);
    load_ledger();
    load_cycles();
    load_gdpr();
  } catch (e) { fail($('#purge-done'), e, 'purge'); }
}

async function erase_person(ev) {
  ev.preventDefault();
  const form = ev.target;
  const v = form_values(form);
  const errors = {};
  if (!v.email) errors.email = 'required';
  if (!v.sure) errors.sure = 'consent_required';
  if (Object.keys(errors).length) { show_errors(form, errors)?.focus(); return; }
  clear_errors(form);
  try {
    const out = await api('POST', '/api/v1/erasure', { body: { email: v.email } });
    form.reset();
    const box = $('#erasure-notice');
    show_notice(box, 'success', t('admin.erasure.done'));
    box.append(h('ul', {}, ['participants', 'registrations', 'mails'].map((k) => h('li', {}, t(`admin.records.${k}`), ': ', format_number(out?.removed?.[k] ?? 0)))));
    load_ledger();
    load_gdpr();
  } catch (e) {
    if (e instanceof ApiError && e.status === 422 && Object.keys(e.errors).length) show_errors(form, e.errors, $('#erasure-notice'))?.focus();
    else fail($('#erasure-notice'), e, 'erasure');
  }
}

// --- report ---

function update_csv_link() {
  const c = $('#report-cycle').value;
  const a = $('#report-csv');
  const links = [[a, `/api/v1/reports/${encodeURIComponent(c)}.csv?lang=${lang()}`], [$('#report-json'), `/api/v1/reports/${encodeURIComponent(c)}?lang=${lang()}`],
    [$('#report-page'), `/reports/${encodeURIComponent(c)}`]];
  for (const [el, href] of links) {
    if (c) { el.href = href; el.removeAttribute('aria-disabled'); } else { el.removeAttribute('href'); el.setAttribute('aria-disabled', 'true'); }
  }
  if (c) { a.setAttribute('download', `intervision-report-${c}-${lang()}.csv`); $('#report-json').setAttribute('download', `intervision-report-${c}-${lang()}.json`); }
}

function sector_label(id) {
  const s = state.sectors.find((x) => x.id === id);
  return s ? pick(s.label) : id;
}

function render_report() {
  const body = clear($('#report-body'));
  const r = state.report;
  if (!r) return;
  const sessions = r.sessions || [];
  const total = (k) => sessions.reduce((n, x) => n + (typeof x[k] === 'number' ? x[k] : 0), 0);
  body.append(h('h3', { id: 'report-summary-heading' }, t('admin.report.summary', { cycle: r.cycle })));
  body.append(h('dl', { class: 'facts' },
    h('dt', {}, t('admin.report.sessions')), h('dd', {}, format_number(sessions.length)),
    h('dt', {}, t('admin.report.held')), h('dd', {}, format_number(r.totals ? r.totals.sessions_held : sessions.filter((x) => x.state === 'held').length)),
    h('dt', {}, t('admin.report.registered')), h('dd', {}, format_number(r.totals ? r.totals.registered : total('registered'))),
    h('dt', {}, t('admin.report.present')), h('dd', {}, format_number(r.totals ? r.totals.present : total('present'))),
    h('dt', {}, t('admin.report.notes')), h('dd', {}, format_number(r.notes ?? 0))));
  const themes = [...(r.themes || [])].sort((a, b) => (b.sessions || 0) - (a.sessions || 0));
  body.append(bar_chart({
    title: t('admin.report.chart.themes'),
    description: t('admin.report.chart.themes_desc', { n: themes.length }),
    table_label: t('admin.report.numbers'),
    series: [{ name: t('admin.report.sessions'), cls: '' }],
    rows: themes.map((x) => ({ label: (typeof x.label === 'string' ? `${x.label} (${x.series_label})` : pick(x.label)) || x.id, values: [x.sessions] })),
  }));
  body.append(bar_chart({
    title: t('admin.report.chart.attendance'),
    description: t('admin.report.chart.attendance_desc', { n: sessions.length }),
    table_label: t('admin.report.numbers'),
    series: [{ name: t('admin.report.registered'), cls: 'alt' }, { name: t('admin.report.present'), cls: '' }],
    rows: sessions.map((x) => ({
      label: `${format_day(x.starts_at.slice(0, 10))}${x.state === 'cancelled' ? ` (${t('session.state.cancelled')})` : ''}`,
      values: [x.registered, x.present],
    })),
  }));
  const sectors = r.by_sector || [];
  body.append(bar_chart({
    title: t('admin.report.chart.sectors'),
    description: t('admin.report.chart.sectors_desc'),
    table_label: t('admin.report.numbers'),
    series: [{ name: t('admin.report.registered'), cls: 'alt' }, { name: t('admin.report.present'), cls: '' }],
    rows: sectors.map((x) => ({ label: sector_label(x.sector), values: [x.registered, x.present] })),
  }));
  if (r.by_role && r.by_role.length) {
    body.append(bar_chart({
      title: t('admin.report.chart.roles'),
      table_label: t('admin.report.numbers'),
      series: [{ name: t('admin.report.registered'), cls: 'alt' }, { name: t('admin.report.present'), cls: '' }],
      rows: r.by_role.map((x) => ({ label: t(`role.${x.role}`), values: [x.registered, x.present] })),
    }));
  }
}

async function show_report(ev) {
  if (ev) ev.preventDefault();
  const cycle = $('#report-cycle').value;
  if (!cycle) return;
  update_csv_link();
  try {
    state.report = await api('GET', `/api/v1/reports/${encodeURIComponent(cycle)}?lang=${lang()}`);
    hide_notice($('#report-notice'));
    render_report();
    focus_on($('#report-summary-heading'));
  } catch (e) { state.report = null; render_report(); fail($('#report-notice'), e, 'report'); }
}

// --- audit ---

async function load_audit(more) {
  try {
    const before = more && state.audit.length ? `&before=${state.audit[state.audit.length - 1].id}` : '';
    const rows = await api('GET', `/api/v1/audit?limit=50${before}`);
    state.audit = more ? [...state.audit, ...rows] : rows;
    $('#audit-more').hidden = rows.length < 50;
    hide_notice($('#audit-notice'));
  } catch (e) { fail($('#audit-notice'), e); }
  render_audit();
}

function render_audit() {
  table($('#audit-table'), [t('admin.audit.at'), t('admin.audit.actor'), t('admin.audit.action'), t('admin.audit.object')],
    state.audit.map((a) => h('tr', {},
      h('td', {}, h('time', { datetime: a.at }, format_short_date_time(a.at))),
      h('td', {}, a.actor ?? ''),
      h('td', {}, a.action),
      h('td', {}, [a.object_type, a.object_id].filter(Boolean).join(' ')))));
}

function load_all() {
  api('GET', '/api/v1/sectors').then((x) => { state.sectors = x; render_report(); if (state.editing_series) render_series_sectors(state.editing_series, true); }).catch(() => {});
  load_cycles();
  load_series();
  load_sessions();
  load_accounts();
  load_themes();
  load_ledger();
  load_gdpr();
  load_audit(false);
}

async function main() {
  await init_page();
  $('#session-form').addEventListener('submit', save_session);
  $('#cycle-form').addEventListener('submit', save_cycle);
  $('#cycle-add-form').addEventListener('submit', add_cycle);
  $('#cy-close').addEventListener('click', () => {
    const label = state.editing_cycle?.label;
    $('#cycle-edit').hidden = true;
    state.editing_cycle = null;
    $(`#edit-cycle-${label}`)?.focus();
  });
  $('#series-form').addEventListener('submit', save_series);
  $('#sr-close-panel').addEventListener('click', () => {
    const slug = state.editing_series?.slug;
    $('#series-edit').hidden = true;
    state.editing_series = null;
    $(`#edit-series-${slug}`)?.focus();
  });
  $('#se-close').addEventListener('click', () => {
    const id = state.editing?.id;
    $('#session-edit').hidden = true;
    state.editing = null;
    $(`#edit-session-${id}`)?.focus();
  });
  $('#se-held').addEventListener('click', () => patch_session({ state: 'held' }, t('admin.sessions.held_ok')));
  $('#se-cancel').addEventListener('click', () => {
    $('#se-cancel-confirm').hidden = false;
    $('#se-cancel').setAttribute('aria-expanded', 'true');
    $('#se-cancel-no').focus();
  });
  $('#se-cancel-no').addEventListener('click', () => {
    $('#se-cancel-confirm').hidden = true;
    $('#se-cancel').setAttribute('aria-expanded', 'false');
    $('#se-cancel').focus();
  });
  $('#se-cancel-yes').addEventListener('click', () => patch_session({ state: 'cancelled' }, t('admin.sessions.cancelled_ok')));
  $('#account-form').addEventListener('submit', add_account);
  $('#theme-form').addEventListener('submit', add_theme);
  $('#purge-form').addEventListener('submit', purge_preview);
  $('#purge-start').addEventListener('click', () => {
    $('#purge-confirm').hidden = false;
    $('#purge-start').setAttribute('aria-expanded', 'true');
    $('#purge-question').textContent = t('admin.purge.question', { cycle: state.purge.cycle });
    $('#purge-no').focus();
  });
  $('#purge-no').addEventListener('click', () => {
    $('#purge-confirm').hidden = true;
    $('#purge-start').setAttribute('aria-expanded', 'false');
    $('#purge-start').focus();
  });
  $('#purge-yes').addEventListener('click', purge_now);
  $('#erasure-form').addEventListener('submit', erase_person);
  init_gdpr();
  $('#report-form').addEventListener('submit', show_report);
  $('#report-cycle').addEventListener('change', update_csv_link);
  $('#audit-more').addEventListener('click', () => load_audit(true));
  on_language_change(() => {
    render_cycles(); render_series(); render_sessions(); render_accounts(); render_themes(); render_ledger(); render_report(); render_audit();
    if (state.editing) {
      $('#session-edit-heading').textContent = `${t('admin.edit')}: ${session_label(state.editing)}`;
      const keep = new Set(chosen_facilitators());
      render_facilitator_choices(state.editing);
      for (const el of document.querySelectorAll('#se-facilitators-list input')) el.checked = keep.has(Number(el.value));
    }
    if (state.editing_cycle) $('#cycle-edit-heading').textContent = t('admin.cycles.edit_heading', { cycle: state.editing_cycle.label });
    if (state.editing_series) {
      $('#series-edit-heading').textContent = `${t('admin.edit')}: ${pick(state.editing_series.title)}`;
      render_series_facilitators(state.editing_series, true);
    }
  });
  await start_staff((who) => {
    const admin = who.role === 'admin';
    $('#not-admin').hidden = admin;
    $('#admin-area').hidden = !admin;
    if (admin) load_all();
  }, () => {
    $('#admin-area').hidden = true;
    $('#not-admin').hidden = true;
  });
}

main();
