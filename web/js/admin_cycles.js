// /admin, cycles: the list with their deletion dates, editing a cycle's days (a change that would
// purge earlier asks for confirmation), creating the next cycle, generating the sessions.

import { t, format_day, format_short_date_time } from './i18n.js';
import { api, clear_errors, form_values, hide_notice } from './api.js';
import { h, $, focus_on } from './dom.js';
import { shared, changed, load_into, attempt, notify, refuse, table } from './admin_common.js';

let editing = null;

async function load() {
  const [cycles, current] = await Promise.all([
    load_into($('#cycles-notice'), '/api/v1/cycles', []),
    api('GET', '/api/v1/cycles/current').catch(() => null),
  ]);
  shared.cycles = cycles;
  if (current) shared.current_cycle = current.label;
  render();
  changed('cycles');
}

function render() {
  table($('#cycles-table'), [t('admin.cycle'), t('admin.cycles.first_day'), t('admin.cycles.last_day'), t('admin.cycles.deletion'), t('admin.cycles.purged'), t('admin.actions')],
    shared.cycles.map((c) => h('tr', {},
      h('th', { scope: 'row' }, c.label, c.label === shared.current_cycle ? h('small', {}, ` (${t('admin.cycles.current')})`) : ''),
      h('td', {}, format_day(c.first_day)), h('td', {}, format_day(c.last_day)),
      h('td', {}, c.deletion_date ? format_day(c.deletion_date) : '—'), h('td', {}, c.purged_at ? format_short_date_time(c.purged_at) : '—'),
      h('td', {}, h('div', { class: 'actions' },
        h('button', {
          type: 'button', class: 'button secondary small', id: `edit-cycle-${c.label}`, 'aria-label': `${t('admin.cycles.edit_dates')} ${c.label}`,
          disabled: Boolean(c.purged_at), onclick: () => edit(c),
        }, t('admin.cycles.edit_dates')),
        h('button', {
          type: 'button', class: 'button secondary small', id: `generate-${c.label}`, 'aria-label': `${t('admin.cycles.generate')} ${c.label}`,
          disabled: Boolean(c.purged_at), onclick: () => generate(c),
        }, t('admin.cycles.generate')))))));
  suggest_next_cycle();
  if (editing) $('#cycle-edit-heading').textContent = t('admin.cycles.edit_heading', { cycle: editing.label });
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
    input.value = next_cycle_label(shared.cycles.map((c) => c.label));
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

function edit(c) {
  editing = c;
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
  notify(notice, 'warn', t('admin.cycles.purge_warning', {
    participants: w.participants, registrations: w.registrations, mails: w.mails, sessions: w.sessions_closed,
    date: p.deletion_date, current: p.current_deletion_date,
  }));
  notice.append(' ', h('button', {
    type: 'button', class: 'button small danger', id: 'cycle-purge-confirm',
    onclick: () => put_cycle(label, { ...body, confirm_purge: true }, form, notice, t('admin.cycles.saved', { cycle: label })),
  }, t('admin.cycles.purge_confirm')));
}

async function put_cycle(label, body, form, notice, done) {
  const r = await attempt(notice, () => api('PUT', `/api/v1/cycles/${encodeURIComponent(label)}`, { body }), {
    form, context: 'cycle',
    conflict: (e) => { if (!e.problem.would_purge) return false; ask_purge_confirmation(label, body, form, notice, e.problem); return true; },
  });
  if (!r.ok) return false;
  await load();
  if (done) notify(notice, 'success', done);
  return true;
}

async function save(ev) {
  ev.preventDefault();
  const form = ev.target;
  const c = editing;
  const v = form_values(form);
  const notice = $('#cycle-edit-error');
  const errors = check_days(v, true);
  if (Object.keys(errors).length) { refuse(form, errors, notice); return; }
  if (v.first_day === c.first_day && v.last_day === c.last_day) { notify(notice, 'info', t('admin.nothing_changed')); return; }
  if (await put_cycle(c.label, { first_day: v.first_day, last_day: v.last_day }, form, notice, t('admin.cycles.saved', { cycle: c.label }))) {
    editing = shared.cycles.find((x) => x.label === c.label) || c;
  }
}

async function add(ev) {
  ev.preventDefault();
  const form = ev.target;
  const v = form_values(form);
  const notice = $('#cycle-add-notice');
  const errors = check_days(v, false);
  const m = /^(\d{4})-(\d{4})$/.exec(v.label);
  if (!v.label) errors.label = 'required';
  else if (!m || Number(m[2]) !== Number(m[1]) + 1) errors.label = 'invalid';
  else if (shared.cycles.some((c) => c.label === v.label)) errors.label = 'cycle_exists';
  if (Object.keys(errors).length) { refuse(form, errors, notice); return; }
  const body = {};
  if (v.first_day) body.first_day = v.first_day;
  if (v.last_day) body.last_day = v.last_day;
  if (await put_cycle(v.label, body, form, notice, t('admin.cycles.created', { cycle: v.label }))) {
    form.reset();
    $('#cn-label').dataset.suggested = '';
    suggest_next_cycle();
  }
}

async function generate(c) {
  const r = await attempt($('#cycles-notice'), () => api('POST', `/api/v1/cycles/${encodeURIComponent(c.label)}/generate`, { body: {} }), {
    done: (out) => t('admin.cycles.generated', { n: out && out.created != null ? out.created : 0, cycle: c.label }),
  });
  if (r.ok) changed('sessions');
}

function init() {
  $('#cycle-form').addEventListener('submit', save);
  $('#cycle-add-form').addEventListener('submit', add);
  $('#cy-close').addEventListener('click', () => {
    const label = editing?.label;
    $('#cycle-edit').hidden = true;
    editing = null;
    $(`#edit-cycle-${label}`)?.focus();
  });
}

export default { name: 'cycles', init, load, render };
