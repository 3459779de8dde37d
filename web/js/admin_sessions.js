// /admin, sessions: the sessions of a cycle (the current one first), a one-off session added to a
// series, moving one session (date, time, place, online link), its capacity and facilitators,
// marking it held, cancelling it. After a change that mails people the page says how many were
// told and in which languages.

import { t, tn, pick, format_date, format_time } from './i18n.js';
import { api, clear_errors, form_values, hide_notice } from './api.js';
import { h, clear, $, focus_on } from './dom.js';
import {
  shared, on_change, changed, load_into, attempt, notify, refuse, table, num_td, told_text, fill_cycle_select, cycle_labels,
} from './admin_common.js';

let editing = null;

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

// --- the list ---

function window_of_cycle() {
  const c = shared.cycles.find((x) => x.label === $('#sessions-cycle').value);
  if (c) return { from: c.first_day, to: c.last_day };
  return { from: new Date(Date.now() - 60 * 86400000).toISOString().slice(0, 10), to: new Date(Date.now() + 400 * 86400000).toISOString().slice(0, 10) };
}

async function load() {
  const { from, to } = window_of_cycle();
  const rows = await load_into($('#sessions-notice'), `/api/v1/staff/sessions?from=${from}&to=${to}`, null);
  if (rows) shared.sessions = rows.sort((a, b) => a.starts_at.localeCompare(b.starts_at));
  render();
  changed('session_list');
}

export function session_label(x) { return `${x.title ? pick(x.title) : x.series}, ${format_date(x.starts_at)}`; }

function render() {
  table($('#sessions-table'), [t('session.when'), t('admin.series.title'), t('session.where'), { text: t('admin.sessions.booked'), num: true }, t('admin.sessions.facilitators'), t('admin.sessions.state'), t('admin.actions')],
    shared.sessions.map((x) => h('tr', { class: x.state === 'cancelled' ? 'cancelled' : undefined },
      h('td', {}, h('time', { datetime: x.starts_at }, `${format_date(x.starts_at)} ${format_time(x.starts_at)}`)),
      h('td', {}, x.title ? pick(x.title) : x.series),
      h('td', { class: 'place' }, x.online ? `${t('admin.sessions.online')}: ${x.place}` : x.place),
      num_td(`${x.capacity - x.seats_left}/${x.capacity}${x.waitlist ? ` (+${x.waitlist})` : ''}`),
      h('td', { class: 'facilitators' }, (x.facilitators || []).map((f) => f.name || f.email).join(', ') || '—'),
      h('td', {}, t(`session.state.${x.roll_missing ? 'roll_missing' : x.state}`)),
      h('td', {}, h('button', {
        type: 'button', class: 'button secondary small', id: `edit-session-${x.id}`, 'aria-label': `${t('admin.edit')}: ${session_label(x)}`,
        onclick: () => edit(x),
      }, t('admin.edit'))))));
  if (editing) {
    $('#session-edit-heading').textContent = `${t('admin.edit')}: ${session_label(editing)}`;
    const keep = new Set(chosen_facilitators());
    render_facilitator_choices(editing);
    for (const el of document.querySelectorAll('#se-facilitators-list input')) el.checked = keep.has(Number(el.value));
  }
  render_series_choices();
}

// --- one session ---

function edit(x) {
  editing = x;
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
  form.elements.online.checked = Boolean(x.online);
  form.elements.capacity.value = x.capacity;
  render_facilitator_choices(x);
  $('#se-cancel').disabled = x.state === 'cancelled';
  $('#se-held').disabled = x.state !== 'scheduled';
  focus_on($('#session-edit-heading'));
}

// Who may facilitate: active facilitator and admin accounts, plus anyone already assigned
// (so that an assignment of a since-disabled account stays visible and can be removed).
function facilitator_candidates(x) {
  const assigned = new Set((x.facilitators || []).map((f) => f.id));
  return shared.accounts.filter((a) => (a.active !== false && (a.role === 'facilitator' || a.role === 'admin')) || assigned.has(a.id));
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

// The answer's sentence: what was done, then who was told (when anyone was to be).
function done_text(base, out) {
  return out && out.notified ? `${base} ${told_text(out.notified)}` : base;
}

async function patch(body, text) {
  const x = editing;
  const form = $('#session-form');
  const notice = $('#session-edit-error');
  $('#se-cancel-confirm').hidden = true;
  $('#se-cancel').setAttribute('aria-expanded', 'false');
  const r = await attempt(notice, () => api('PATCH', `/api/v1/sessions/${x.id}`, { body }), { form, context: 'session_edit', focus: false });
  if (!r.ok) return;
  await load();
  const fresh = shared.sessions.find((s) => s.id === x.id) || (r.out && r.out.id ? r.out : x);
  edit(fresh);
  notify(notice, 'success', done_text(text, r.out));
}

function save(ev) {
  ev.preventDefault();
  const form = ev.target;
  const notice = $('#session-edit-error');
  const v = form_values(form);
  const errors = {};
  for (const f of ['starts_at', 'ends_at', 'place', 'capacity']) if (!v[f]) errors[f] = 'required';
  if (!errors.ends_at && !errors.starts_at && v.ends_at <= v.starts_at) errors.ends_at = 'invalid';
  if (Object.keys(errors).length) { refuse(form, errors, notice); return; }
  const x = editing;
  const body = {};
  if (v.starts_at !== iso_to_local(x.starts_at)) body.starts_at = local_to_iso(v.starts_at);
  if (v.ends_at !== iso_to_local(x.ends_at)) body.ends_at = local_to_iso(v.ends_at);
  if (v.place !== x.place) body.place = v.place;
  if (v.online !== Boolean(x.online)) body.online = v.online;
  if (Number(v.capacity) !== x.capacity) body.capacity = Number(v.capacity);
  const fac = chosen_facilitators();
  const before = (x.facilitators || []).map((f) => f.id).sort((a, b) => a - b);
  if (fac.join(',') !== before.join(',')) body.facilitators = fac;
  if (!Object.keys(body).length) { clear_errors(form); notify(notice, 'info', t('admin.nothing_changed')); return; }
  patch(body, t('admin.saved'));
}

// --- a one-off session ---

function render_series_choices() {
  const sel = $('#sa-series');
  const keep = sel.value;
  clear(sel);
  for (const s of shared.series.filter((x) => x.active !== false)) sel.append(h('option', { value: s.slug }, pick(s.title)));
  if (keep && [...sel.options].some((o) => o.value === keep)) sel.value = keep;
}

function open_add() {
  const form = $('#session-add-form');
  form.reset();
  clear_errors(form);
  hide_notice($('#session-add-notice'));
  render_series_choices();
  $('#session-add').hidden = false;
  $('#session-new').setAttribute('aria-expanded', 'true');
  focus_on($('#session-add-heading'));
}

async function add(ev) {
  ev.preventDefault();
  const form = ev.target;
  const notice = $('#session-add-notice');
  const v = form_values(form);
  const errors = {};
  for (const f of ['series', 'starts_at', 'ends_at']) if (!v[f]) errors[f] = 'required';
  if (!errors.ends_at && !errors.starts_at && v.ends_at <= v.starts_at) errors.ends_at = 'invalid';
  if (v.capacity && !/^\d+$/.test(v.capacity)) errors.capacity = 'must_be_integer';
  if (Object.keys(errors).length) { refuse(form, errors, notice); return; }
  const body = { series: v.series, starts_at: local_to_iso(v.starts_at), ends_at: local_to_iso(v.ends_at) };
  if (v.place) body.place = v.place;
  if (v.online) body.online = true;
  if (v.capacity) body.capacity = Number(v.capacity);
  const r = await attempt(notice, () => api('POST', '/api/v1/sessions', { body }), {
    form, context: 'session_add', done: (out) => t('admin.sessions.added', { when: `${format_date(out.starts_at)} ${format_time(out.starts_at)}` }),
  });
  if (!r.ok) return;
  form.reset();
  // The cycle of the new session is shown, so that the admin sees it in the list.
  if (r.out.cycle && r.out.cycle !== $('#sessions-cycle').value) {
    $('#sessions-cycle').value = r.out.cycle;
    $('#sessions-cycle').dataset.chosen = r.out.cycle;
  }
  await load();
}

function fill_cycles() {
  const sel = $('#sessions-cycle');
  const before = sel.value;
  fill_cycle_select(sel, cycle_labels());
  if (sel.value !== before) load();
}

function init() {
  $('#session-form').addEventListener('submit', save);
  $('#se-close').addEventListener('click', () => {
    const id = editing?.id;
    $('#session-edit').hidden = true;
    editing = null;
    $(`#edit-session-${id}`)?.focus();
  });
  $('#se-held').addEventListener('click', () => patch({ state: 'held' }, t('admin.sessions.held_ok')));
  $('#se-cancel').addEventListener('click', () => {
    const x = editing;
    const n = (x.capacity - x.seats_left) + (x.waitlist || 0);
    $('#se-cancel-question').textContent = tn('admin.sessions.cancel_question', n);
    $('#se-cancel-confirm').hidden = false;
    $('#se-cancel').setAttribute('aria-expanded', 'true');
    $('#se-cancel-no').focus();
  });
  $('#se-cancel-no').addEventListener('click', () => {
    $('#se-cancel-confirm').hidden = true;
    $('#se-cancel').setAttribute('aria-expanded', 'false');
    $('#se-cancel').focus();
  });
  $('#se-cancel-yes').addEventListener('click', () => patch({ state: 'cancelled' }, t('admin.sessions.cancelled_ok')));
  $('#session-new').addEventListener('click', open_add);
  $('#session-add-form').addEventListener('submit', add);
  $('#sa-close').addEventListener('click', () => {
    $('#session-add').hidden = true;
    $('#session-new').setAttribute('aria-expanded', 'false');
    $('#session-new').focus();
  });
  $('#sessions-cycle').addEventListener('change', () => load());
  on_change('sessions', load);
  on_change('cycles', fill_cycles);
  on_change('accounts', () => { if (editing) render(); });
  on_change('series', render_series_choices);
}

export default { name: 'sessions', init, load, render };
