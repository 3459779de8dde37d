// /admin, series: the list with each recurrence said as a sentence, the form that shows a
// series as it is (and creates a new one), a preview of the sessions it makes in a cycle, and a
// skip date that lands on a planned session offering to cancel that session (its registrants
// are told) instead of leaving it open.

import { t, tn, pick, format_date, format_time, brussels_day } from './i18n.js';
import { api, clear_errors, form_values, hide_notice } from './api.js';
import { h, clear, $, focus_on } from './dom.js';
import {
  shared, on_change, changed, load_into, attempt, notify, refuse, table, num_td, told_text, fill_cycle_select, cycle_labels,
} from './admin_common.js';
import { recurrence_sentence, month_label } from './recurrence_text.js';

let editing = null;   // the series open in the form, or {} for a new one
let initial = null;   // the form's state when it was opened
let pending = null;   // a save waiting for the answer about sessions on new skip dates

const month_numbers = [9, 10, 11, 12, 1, 2, 3, 4, 5, 6, 7, 8];  // in the order of a cycle
const ordinal_values = [1, 2, 3, 4, -1];

async function load() {
  shared.series = await load_into($('#series-notice'), '/api/v1/series', shared.series);
  render();
  changed('series');
}

function render() {
  table($('#series-table'), [t('admin.series.title'), t('admin.series.when'), { text: t('admin.sessions.capacity'), num: true }, t('session.where'), t('admin.accounts.state'), t('admin.actions')],
    shared.series.map((x) => h('tr', {},
      h('th', { scope: 'row' }, pick(x.title), h('br'), h('small', {}, x.slug)),
      h('td', {}, recurrence_sentence(x) || t(`cadence.${x.cadence}`)),
      num_td(x.capacity),
      h('td', {}, x.online ? t('session.online') : (x.place || '—')),
      h('td', {}, x.active === false ? t('admin.series.paused') : t('admin.series.in_use')),
      h('td', {}, h('button', {
        type: 'button', class: 'button secondary small', id: `edit-series-${x.slug}`, 'aria-label': `${t('admin.edit')}: ${pick(x.title)}`,
        onclick: () => open_form(x),
      }, t('admin.edit'))))));
  if (editing) { render_choices(true); set_heading(); update_sentence(); }
}

function checked_values(form, name) {
  return [...form.querySelectorAll(`input[name="${name}"]:checked`)].map((el) => el.value);
}

function form_state(form) {
  const v = form_values(form);
  return {
    ...v,
    roles: checked_values(form, 'roles'),
    sectors: checked_values(form, 'sectors'),
    facilitators: checked_values(form, 'facilitators'),
    ordinals: checked_values(form, 'ordinals').map(Number),
    months: checked_values(form, 'months').map(Number),
    skip_months: checked_values(form, 'skip_months').map(Number),
    online: form.elements.online.checked,
  };
}

function choice(name, id, value, label, checked) {
  return h('div', { class: 'choice' },
    h('input', { type: 'checkbox', id, name, value, checked }),
    h('label', { for: id }, label));
}

// The checkbox groups drawn from data or from the language (sectors, facilitators, ordinals,
// months); keep = keep what is ticked now (a language switch, a reload of the accounts).
function render_choices(keep) {
  const form = $('#series-form');
  const x = editing || {};
  const ticked = (name, from) => new Set(keep ? checked_values(form, name) : from.map(String));
  const sectors = ticked('sectors', x.audience?.sectors || ['*']);
  const facilitators = ticked('facilitators', x.facilitators || []);
  const ordinals = ticked('ordinals', x.ordinals || []);
  const months = ticked('months', x.months || []);
  const skip = ticked('skip_months', x.skip_months || []);
  const sector_box = clear($('#sr-sectors-list'));
  for (const o of [{ id: '*', label: t('admin.series.all_sectors') }, ...shared.sectors.map((sec) => ({ id: sec.id, label: pick(sec.label) }))]) {
    sector_box.append(choice('sectors', `sr-sector-${o.id === '*' ? 'all' : o.id}`, o.id, o.label, sectors.has(o.id)));
  }
  const fac_box = clear($('#sr-facilitators-list'));
  const candidates = shared.accounts.filter((a) => a.active !== false && (a.role === 'facilitator' || a.role === 'admin'));
  if (!candidates.length) fac_box.append(h('p', { class: 'hint' }, t('admin.sessions.facilitators_none')));
  for (const a of candidates) fac_box.append(choice('facilitators', `sr-fac-${a.id}`, a.email, a.name ? `${a.name} (${a.email})` : a.email, facilitators.has(a.email)));
  const ord_box = clear($('#sr-ordinals-list'));
  for (const n of ordinal_values) ord_box.append(choice('ordinals', `sr-ord-${n === -1 ? 'last' : n}`, n, t(`admin.rec.ordinal.${n === -1 ? 'last' : n}`), ordinals.has(String(n))));
  const month_box = clear($('#sr-months-list'));
  const skip_box = clear($('#sr-skip-months-list'));
  for (const m of month_numbers) {
    month_box.append(choice('months', `sr-month-${m}`, m, month_label(m), months.has(String(m))));
    skip_box.append(choice('skip_months', `sr-skip-month-${m}`, m, month_label(m), skip.has(String(m))));
  }
}

function set_heading() {
  $('#series-edit-heading').textContent = editing.slug ? `${t('admin.edit')}: ${pick(editing.title)}` : t('admin.series.new_heading');
}

function update_sentence() {
  const form = $('#series-form');
  if (!editing) return;
  const v = form_state(form);
  $('#sr-sentence').textContent = recurrence_sentence({
    ...v, skip_dates: split_list(v.skip_dates || '').filter(is_day), extra_dates: split_list(v.extra_dates || '').filter(is_day),
    duration_minutes: Number(v.duration_minutes),
  }) || t('admin.series.sentence_incomplete');
}

// x: a series of GET /api/v1/series, or null for a new one.
function open_form(x) {
  editing = x || {};
  const form = $('#series-form');
  const s = editing;
  form.reset();
  fill_cycles();  // reset() put the preview's cycle back on the first option
  clear_errors(form);
  hide_notice($('#series-edit-error'));
  $('#sr-skip-confirm').hidden = true;
  $('#sr-preview-box').hidden = true;
  $('#series-edit').hidden = false;
  set_heading();
  $('#sr-slug-field').hidden = Boolean(s.slug);
  form.elements.slug.value = s.slug || '';
  form.elements.slug.disabled = Boolean(s.slug);
  for (const l of ['fr', 'nl', 'en']) form.elements[`title.${l}`].value = s.title?.[l] || '';
  for (const el of form.querySelectorAll('input[name="roles"]')) el.checked = (s.audience?.roles || (s.slug ? [] : ['peer_helper'])).includes(el.value);
  render_choices(false);
  if (!s.slug) $('#sr-ord-2').checked = true;
  form.elements.cadence.value = s.cadence || 'monthly';
  form.elements.weekday.value = s.weekday || 'tuesday';
  form.elements.skip_dates.value = (s.skip_dates || []).join(', ');
  form.elements.extra_dates.value = (s.extra_dates || []).join(', ');
  form.elements.start.value = s.start || '09:30';
  form.elements.duration_minutes.value = s.duration_minutes ?? 180;
  form.elements.place.value = s.place || '';
  form.elements.online.checked = Boolean(s.online);
  form.elements.capacity.value = s.capacity ?? 12;
  form.elements.close_hours.value = s.close_hours ?? 24;
  form.elements.active.value = s.active === false ? 'false' : 'true';
  initial = form_state(form);
  update_sentence();
  focus_on($('#series-edit-heading'));
}

const split_list = (text) => text.split(/[\s,;]+/).filter(Boolean);
const is_day = (x) => /^\d{4}-\d{2}-\d{2}$/.test(x);
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

// The whole series as the API names it, and the errors found without asking the server.
export function series_body(now) {
  const body = {};
  const errors = {};
  for (const l of ['fr', 'nl', 'en']) if (!now[`title.${l}`]) errors[`title.${l}`] = 'required';
  body.title = { fr: now['title.fr'], nl: now['title.nl'], en: now['title.en'] };
  if (!now.roles.length) errors.roles = 'required';
  body.roles = now.roles;
  if (!now.sectors.length) errors.sectors = 'required';
  body.sectors = now.sectors.includes('*') ? ['*'] : now.sectors;
  body.facilitators = now.facilitators;
  body.cadence = now.cadence;
  body.weekday = now.weekday;
  if (!now.ordinals.length) errors.ordinals = 'required';
  body.ordinals = now.ordinals;
  if (now.cadence === 'quarterly' && !now.months.length) errors.months = 'required';
  body.months = now.months;
  body.skip_months = now.skip_months;
  for (const f of ['skip_dates', 'extra_dates']) {
    const items = split_list(now[f] || '');
    if (items.some((x) => !is_day(x))) errors[f] = 'invalid_date';
    body[f] = items;
  }
  if (!now.start) errors.start = 'required';
  body.start = now.start;
  if (!now.place) errors.place = 'required';
  body.place = now.place;
  body.online = now.online;
  for (const f of ['duration_minutes', 'capacity', 'close_hours']) {
    if (now[f] === '') errors[f] = 'required';
    else if (!/^\d+$/.test(now[f])) errors[f] = 'must_be_integer';
    body[f] = Number(now[f]);
  }
  body.active = now.active !== 'false';
  return { body, errors };
}

// The body of PUT /api/v1/series/{slug}: only what differs from what the form was opened with.
export function series_changes(now, before) {
  const { body: all, errors } = series_body(now);
  const { body: was } = series_body(before);
  const body = {};
  for (const [k, v] of Object.entries(all)) if (!same(v, was[k])) body[k] = v;
  return { body, errors };
}

// Error keys of the recurrence rule that are named differently in the form.
const error_fields = { kind: 'cadence', on: 'ordinals', title: 'title.fr', label: 'title.fr', recurrence: 'cadence', duration: 'duration_minutes' };

// The sessions already planned on dates this change starts to skip.
function sessions_on_new_skip_dates(slug, now) {
  const added = split_list(now.skip_dates || '').filter((d) => is_day(d) && !split_list(initial.skip_dates || '').includes(d));
  if (!added.length) return [];
  return shared.sessions.filter((x) => x.series === slug && x.state === 'scheduled' && added.includes(brussels_day(x.starts_at)));
}

async function save(ev) {
  ev.preventDefault();
  const form = $('#series-form');
  const notice = $('#series-edit-error');
  const now = form_state(form);
  const creating = !editing.slug;
  if (creating) {
    const { body, errors } = series_body(now);
    if (!/^[a-z0-9-]{1,40}$/.test(now.slug || '')) errors.slug = now.slug ? 'invalid' : 'required';
    if (Object.keys(errors).length) { refuse(form, errors, notice); return; }
    const r = await attempt(notice, () => api('POST', '/api/v1/series', { body: { ...body, slug: now.slug } }), {
      form, context: 'series', fields: error_fields,
    });
    if (!r.ok) return;
    // Its sessions of the chosen cycle are made at once (the server's own round would make them
    // a little later); the notice says how many the series now has there.
    const cycle = $('#sr-cycle').value;
    let planned = 0;
    if (body.active && cycle) {
      await api('POST', `/api/v1/series/${encodeURIComponent(now.slug)}/generate`, { body: { cycle } }).catch(() => null);
      const p = await api('POST', '/api/v1/series/preview', { body: { slug: now.slug, cycle } }).catch(() => null);
      planned = p ? p.sessions.filter((x) => x.exists).length : 0;
    }
    notify(notice, 'success', tn('admin.series.created', planned, { title: pick(body.title), cycle }));
    $('#sr-preview-box').hidden = true;
    changed('sessions');
    await load();
    const fresh = shared.series.find((s) => s.slug === now.slug);
    if (fresh) { editing = fresh; initial = form_state(form); $('#sr-slug-field').hidden = true; form.elements.slug.disabled = true; set_heading(); }
    return;
  }
  const { body, errors } = series_changes(now, initial);
  if (Object.keys(errors).length) { refuse(form, errors, notice); return; }
  if (!Object.keys(body).length) { clear_errors(form); notify(notice, 'info', t('admin.nothing_changed')); return; }
  const hit = sessions_on_new_skip_dates(editing.slug, now);
  if (hit.length) { ask_about_skipped(hit, body); return; }
  await put_series(body);
}

function registrants(x) { return (x.capacity - x.seats_left) + (x.waitlist || 0); }

function ask_about_skipped(hit, body) {
  pending = body;
  hide_notice($('#series-edit-error'));
  $('#sr-skip-confirm').hidden = false;
  $('#sr-skip-question').textContent = t('admin.series.skip_question');
  const list = clear($('#sr-skip-list'));
  for (const x of hit) {
    list.append(h('li', {}, h('time', { datetime: x.starts_at }, `${format_date(x.starts_at)} ${format_time(x.starts_at)}`), ' — ',
      tn('admin.series.skip_registrants', registrants(x))));
  }
  $('#sr-skip-cancel').focus();
}

async function put_series(body) {
  const form = $('#series-form');
  const notice = $('#series-edit-error');
  const slug = editing.slug;
  $('#sr-skip-confirm').hidden = true;
  pending = null;
  const r = await attempt(notice, () => api('PUT', `/api/v1/series/${encodeURIComponent(slug)}`, { body }), {
    form, context: 'series', fields: error_fields,
    done: (out) => {
      const n = out?.cancelled?.length || 0;
      return n ? `${tn('admin.series.saved_cancelled', n)} ${told_text(out.notified)}` : t('admin.saved');
    },
  });
  if (!r.ok) return;
  const kept = form_state(form);
  await load();
  const fresh = shared.series.find((s) => s.slug === slug);
  if (fresh) { editing = { ...fresh, place: kept.place, facilitators: kept.facilitators }; set_heading(); }
  initial = kept;
  changed('sessions');
}

// What the series would make in the chosen cycle, before anything is saved.
async function preview() {
  const form = $('#series-form');
  const notice = $('#series-edit-error');
  const now = form_state(form);
  const { body, errors } = series_body(now);
  if (Object.keys(errors).length) { refuse(form, errors, notice); return; }
  const cycle = $('#sr-cycle').value;
  const slug = editing.slug || now.slug;
  const r = await attempt(notice, () => api('POST', '/api/v1/series/preview', { body: { ...body, slug, cycle } }), {
    form, context: 'series', fields: error_fields,
  });
  if (!r.ok) return;
  const out = r.out;
  const box = $('#sr-preview-box');
  box.hidden = false;
  const fresh = out.sessions.filter((x) => !x.exists).length;
  $('#sr-preview-heading').textContent = t('admin.series.preview_heading', { n: out.sessions.length, cycle, fresh });
  const list = clear($('#sr-preview-list'));
  for (const x of out.sessions) {
    list.append(h('li', { class: x.exists ? 'exists' : 'new' },
      h('time', { datetime: x.starts_at }, `${format_date(x.starts_at)}, ${format_time(x.starts_at)}–${format_time(x.ends_at)}`),
      x.exists ? ` — ${t('admin.series.preview_exists')}` : ''));
  }
  if (!out.sessions.length) list.append(h('li', {}, t('admin.series.preview_none')));
  // Sessions are made only from what is saved: the button shows once the form holds no unsaved change.
  const saved = editing.slug && !Object.keys(series_changes(now, initial).body).length;
  $('#sr-generate').hidden = !(saved && fresh > 0);
  focus_on(box);
}

async function generate() {
  const cycle = $('#sr-cycle').value;
  const slug = editing.slug;
  const r = await attempt($('#series-edit-error'), () => api('POST', `/api/v1/series/${encodeURIComponent(slug)}/generate`, { body: { cycle } }), {
    done: (out) => t('admin.cycles.generated', { n: out?.created ?? 0, cycle }),
  });
  if (!r.ok) return;
  $('#sr-generate').hidden = true;
  $('#sr-preview-box').hidden = true;
  changed('sessions');
}

function fill_cycles() { fill_cycle_select($('#sr-cycle'), cycle_labels()); }

function init() {
  const form = $('#series-form');
  form.addEventListener('submit', save);
  form.addEventListener('input', update_sentence);
  form.addEventListener('change', update_sentence);
  $('#series-new').addEventListener('click', () => open_form(null));
  $('#sr-preview').addEventListener('click', preview);
  $('#sr-generate').addEventListener('click', generate);
  $('#sr-skip-cancel').addEventListener('click', () => put_series({ ...pending, cancel_skipped: true }));
  $('#sr-skip-keep').addEventListener('click', () => put_series({ ...pending }));
  $('#sr-close-panel').addEventListener('click', () => {
    const slug = editing?.slug;
    $('#series-edit').hidden = true;
    editing = null;
    ($(`#edit-series-${slug}`) || $('#series-new')).focus();
  });
  on_change('cycles', fill_cycles);
  on_change('ledger', fill_cycles);
  on_change('accounts', () => { if (editing) render_choices(true); });
  on_change('sectors', () => { if (editing) render_choices(true); });
}

export default { name: 'series', init, load, render };
