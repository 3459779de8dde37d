// The facilitators' workspace: my sessions, the roll (one tap per person cycles present ->
// absent -> excused), walk-ins, the theme picker, and the case-note editor with a redaction
// preview that highlights what will be removed before anything is stored.

import { init_page } from './layout.js';
import { t, has, pick, lang, on_language_change, format_date, format_time, format_date_time, format_short_date_time } from './i18n.js';
import { api, ApiError, error_message, show_errors, clear_errors, show_notice, hide_notice, form_values } from './api.js';
import { h, clear, $, focus_on } from './dom.js';
import { start_staff, handle_auth_error } from './staff_auth.js';
import { segments } from './redact.js';

const cycle_order = [null, 'present', 'absent', 'excused'];

const state = {
  sessions: [],
  session: null,
  roll: null,
  themes: [],
  chosen: new Set(),
  notes: [],
  editing: null,
  removing: null,
  sectors: [],
  preview: null,
};

function fail(el, e, context) {
  if (handle_auth_error(e)) { $('#workspace').hidden = true; return; }
  show_notice(el, 'error', error_message(e, context), true);
}

function session_title(s) { return s.title ? pick(s.title) : s.series; }

function render_sessions() {
  const list = clear($('#my-sessions'));
  $('#my-sessions-none').hidden = state.sessions.length > 0;
  for (const s of state.sessions) {
    const current = state.session && state.session.id === s.id;
    list.append(h('li', { class: `session-card${s.state === 'cancelled' ? ' is-cancelled' : ''}` },
      h('div', {},
        h('div', { class: 'when' }, session_title(s)),
        h('div', {}, h('time', { datetime: s.starts_at }, format_date(s.starts_at)), `, ${format_time(s.starts_at)}–${format_time(s.ends_at)}`),
        h('span', { class: `badge ${s.roll_missing ? 'warn' : 'muted'}` }, t(`session.state.${s.roll_missing ? 'roll_missing' : s.state}`)), ' ',
        h('span', { class: 'badge' }, t('staff.sessions.booked', { n: s.capacity - s.seats_left, capacity: s.capacity }))),
      h('button', {
        type: 'button', class: 'button small', 'aria-pressed': current ? 'true' : 'false',
        'aria-label': `${t('staff.sessions.open')}: ${session_title(s)}, ${format_date(s.starts_at)}`,
        onclick: () => open_session(s),
      }, t('staff.sessions.open'))));
  }
}

async function load_sessions() {
  try {
    const to = new Date(Date.now() + 366 * 86400000).toISOString().slice(0, 10);
    state.sessions = await api('GET', `/api/v1/staff/sessions?to=${to}`);
    state.sessions.sort((a, b) => a.starts_at.localeCompare(b.starts_at));
    hide_notice($('#sessions-error'));
    render_sessions();
  } catch (e) {
    fail($('#sessions-error'), e);
  }
}

// --- roll ---

function render_roll() {
  const r = state.roll;
  const list = clear($('#roll-list'));
  const wait = clear($('#roll-waitlist'));
  if (!r) return;
  const c = r.counts || {};
  const counts = clear($('#roll-counts'));
  // Before the start: the rows listed; from the start: what the start counted, and those
  // erased since (counted, never named).
  const keys = r.started ? ['registered', 'walk_ins', 'waitlisted', 'present', 'absent', 'excused', 'unmarked', 'erased_since']
    : ['registered', 'waitlisted', 'cancelled', 'present', 'absent', 'excused'];
  for (const k of keys) {
    counts.append(h('li', { class: 'badge muted', id: `roll-count-${k}` }, t(`roll.count.${k}`, { n: c[k] ?? 0 })));
  }
  render_outcome(r);
  const confirmed = r.entries.filter((e) => e.status === 'confirmed');
  const waiting = r.entries.filter((e) => e.status === 'waitlisted');
  $('#roll-none').hidden = confirmed.length > 0;
  for (const e of confirmed) {
    const att = e.attendance || '';
    const state_text = att ? t(`attendance.${att}`) : t('attendance.unmarked');
    list.append(h('li', {},
      h('button', {
        type: 'button', class: 'roll-button', id: `roll-${e.registration_id}`,
        dataset: { attendance: att || 'none' },
        onclick: () => mark(e),
      },
      h('span', {}, h('span', { class: 'who' }, e.name), h('span', { class: 'org' },
        [e.organisation, e.walk_in ? t('roll.walk_in') : ''].filter(Boolean).join(' · '))),
      h('span', { class: `state badge ${att === 'present' ? 'ok' : att === 'absent' ? 'danger' : att === 'excused' ? 'warn' : 'muted'}` }, state_text))));
  }
  $('#waitlist-heading').hidden = waiting.length === 0;
  for (const e of waiting) wait.append(h('li', {}, `${e.name} (${e.organisation})`));
}

// A started session that is neither held nor cancelled: the facilitator says which.
function render_outcome(r) {
  const box = $('#roll-outcome');
  const s = r.session || {};
  box.hidden = !r.started;
  $('#roll-state').textContent = t(`session.state.${r.roll_missing ? 'roll_missing' : s.state}`);
  $('#roll-state').className = `badge ${r.roll_missing ? 'warn' : s.state === 'held' ? 'ok' : 'muted'}`;
  $('#roll-held').hidden = s.state === 'held';
  $('#roll-not-held').hidden = s.state === 'cancelled';
}

async function set_outcome(outcome) {
  try {
    await api('PUT', `/api/v1/sessions/${state.session.id}/outcome`, { body: { outcome } });
    await load_roll();
    await load_sessions();
  } catch (e) {
    fail($('#roll-error'), e, 'roll');
  }
}

async function mark(entry) {
  const i = cycle_order.indexOf(entry.attendance || null);
  const next = cycle_order[(i + 1) % cycle_order.length] || 'present';
  const sid = state.session.id;
  try {
    const out = await api('PUT', `/api/v1/sessions/${sid}/roll/${entry.registration_id}`, { body: { attendance: next } });
    entry.attendance = out && out.attendance ? out.attendance : next;
    if (out && out.counts) state.roll.counts = out.counts;
    if (out && out.session) {
      state.roll.session = out.session;
      state.roll.roll_missing = !!out.session.roll_missing;
    }
    hide_notice($('#roll-error'));
    render_roll();
    $(`#roll-${entry.registration_id}`)?.focus();
  } catch (e) {
    fail($('#roll-error'), e, 'roll');
  }
}

async function load_roll() {
  try {
    state.roll = await api('GET', `/api/v1/sessions/${state.session.id}/roll`);
    hide_notice($('#roll-error'));
  } catch (e) {
    state.roll = null;
    fail($('#roll-error'), e, 'roll');
  }
  render_roll();
}

async function add_walk_in(ev) {
  ev.preventDefault();
  const form = ev.target;
  const v = form_values(form);
  const errors = {};
  for (const f of ['name', 'organisation', 'sector']) if (!v[f]) errors[f] = 'required';
  if (!v.consent) errors.consent = 'consent_required';
  hide_notice($('#walkin-error'));
  if (Object.keys(errors).length) { show_errors(form, errors, $('#walkin-error'))?.focus(); return; }
  const body = { name: v.name, organisation: v.organisation, sector: v.sector, role: v.role, language: v.language, consent: true };
  if (v.email) body.email = v.email;
  try {
    await api('POST', `/api/v1/sessions/${state.session.id}/walk-ins`, { body });
    clear_errors(form);
    form.reset();
    $('#wi-language').value = lang();
    await load_roll();
    show_notice($('#walkin-error'), 'success', t('walkin.added'), true);
  } catch (e) {
    if (e instanceof ApiError && e.status === 422 && Object.keys(e.errors).length) show_errors(form, e.errors, $('#walkin-error'))?.focus();
    else fail($('#walkin-error'), e, 'walkin');
  }
}

// --- themes ---

function render_themes() {
  const box = clear($('#themes-list'));
  for (const th of state.themes) {
    if (th.retired && !state.chosen.has(th.id)) continue;
    const id = `theme-${th.id}`;
    box.append(h('div', { class: 'choice' },
      h('input', { type: 'checkbox', id, name: 'themes', value: th.id, checked: state.chosen.has(th.id) }),
      h('label', { for: id }, pick(th.label), th.retired ? ` (${t('themes.retired')})` : '')));
  }
}

async function load_themes() {
  try {
    const [all, mine] = await Promise.all([
      state.themes.length ? state.themes : api('GET', '/api/v1/themes'),
      api('GET', `/api/v1/sessions/${state.session.id}/themes`),
    ]);
    state.themes = all;
    state.chosen = new Set(mine.themes || []);
  } catch (e) {
    fail($('#themes-notice'), e);
  }
  render_themes();
}

async function save_themes(ev) {
  ev.preventDefault();
  const ids = [...ev.target.querySelectorAll('input[name="themes"]:checked')].map((x) => x.value);
  try {
    const out = await api('PUT', `/api/v1/sessions/${state.session.id}/themes`, { body: { themes: ids } });
    state.chosen = new Set((out && out.themes) || ids);
    show_notice($('#themes-notice'), 'success', t('themes.saved', { n: state.chosen.size }));
  } catch (e) {
    fail($('#themes-notice'), e, 'themes');
  }
}

// --- notes ---

function extra_terms() {
  return $('#note-extra').value.split(',').map((x) => x.trim()).filter(Boolean);
}

function render_preview() {
  const area = $('#preview-area');
  const p = state.preview;
  if (!p) { area.hidden = true; return; }
  area.hidden = false;
  const marked = clear($('#preview-marked'));
  let removed = 0;
  for (const seg of segments(p.text, p.spans)) {
    if (seg.removed) {
      removed++;
      const kind = has(`redact.type.${seg.type}`) ? t(`redact.type.${seg.type}`) : seg.type;
      marked.append(h('mark', { class: 'removed', title: kind },
        h('span', { class: 'visually-hidden' }, `[${t('notes.removed_start', { type: kind })}] `), seg.text,
        h('span', { class: 'visually-hidden' }, ` [${t('notes.removed_end')}]`)));
    } else {
      marked.append(seg.text);
    }
  }
  $('#preview-summary').textContent = removed ? t('notes.preview.count', { n: removed }) : t('notes.preview.nothing');
  $('#preview-redacted').textContent = p.redacted;
}

async function preview() {
  const form = $('#note-form');
  const text = $('#note-text').value;
  hide_notice($('#note-error'));
  if (!text.trim()) { show_errors(form, { text: 'required' })?.focus(); return; }
  clear_errors(form);
  try {
    const out = await api('POST', '/api/v1/redact', { body: { text, session_id: state.session.id, extra_terms: extra_terms() } });
    state.preview = { text, spans: out.spans || [], redacted: out.redacted };
    render_preview();
    focus_on($('#preview-heading'));
  } catch (e) {
    if (e instanceof ApiError && e.status === 422 && Object.keys(e.errors).length) show_errors(form, e.errors, $('#note-error'))?.focus();
    else fail($('#note-error'), e, 'notes');
  }
}

async function save_note(ev) {
  ev.preventDefault();
  const form = ev.target;
  const text = $('#note-text').value;
  hide_notice($('#note-error'));
  if (!text.trim()) { show_errors(form, { text: 'required' })?.focus(); return; }
  try {
    await api('POST', `/api/v1/sessions/${state.session.id}/notes`, { body: { text, extra_terms: extra_terms() } });
    clear_errors(form);
    form.reset();
    state.preview = null;
    render_preview();
    await load_notes();
    show_notice($('#note-error'), 'success', t('notes.saved_ok'), true);
  } catch (e) {
    if (e instanceof ApiError && e.status === 422 && Object.keys(e.errors).length) show_errors(form, e.errors, $('#note-error'))?.focus();
    else fail($('#note-error'), e, 'notes');
  }
}

// Each saved note can be corrected (the correction is anonymised again) or removed; only one
// note is edited at a time.
function render_notes() {
  const list = clear($('#notes-list'));
  $('#notes-none').hidden = state.notes.length > 0;
  for (const n of state.notes) {
    const item = h('li', { class: 'note' }, h('time', { datetime: n.created_at }, format_short_date_time(n.created_at)));
    if (state.editing === n.id) {
      const area = h('textarea', { id: `note-edit-${n.id}`, rows: '6', maxlength: '20000' });
      area.value = n.text;
      item.append(
        h('label', { for: `note-edit-${n.id}`, class: 'visually-hidden' }, t('notes.edit.label')),
        area,
        h('div', { class: 'actions' },
          h('button', { type: 'button', class: 'button small', onclick: () => correct_note(n.id, area.value) }, t('notes.edit.save')),
          h('button', { type: 'button', class: 'button small secondary', onclick: () => { state.editing = null; render_notes(); } }, t('notes.edit.cancel'))));
    } else if (state.removing === n.id) {
      item.append(h('p', { class: 'note-text' }, n.text),
        h('p', { role: 'alert' }, t('notes.remove.sure')),
        h('div', { class: 'actions' },
          h('button', { type: 'button', class: 'button small danger', onclick: () => remove_note(n.id) }, t('notes.remove.confirm')),
          h('button', { type: 'button', class: 'button small secondary', onclick: () => { state.removing = null; render_notes(); } }, t('notes.remove.keep'))));
    } else {
      item.append(h('p', { class: 'note-text' }, n.text),
        h('div', { class: 'actions' },
          h('button', { type: 'button', class: 'button small secondary', 'data-note-edit': String(n.id), onclick: () => { state.editing = n.id; state.removing = null; render_notes(); focus_on($(`#note-edit-${n.id}`)); } }, t('notes.edit')),
          h('button', { type: 'button', class: 'button small secondary', 'data-note-remove': String(n.id), onclick: () => { state.removing = n.id; state.editing = null; render_notes(); } }, t('notes.remove'))));
    }
    list.append(item);
  }
}

async function correct_note(id, text) {
  hide_notice($('#note-error'));
  if (!text.trim()) { show_notice($('#note-error'), 'error', t('error.field.required'), true); return; }
  try {
    await api('PUT', `/api/v1/sessions/${state.session.id}/notes/${id}`, { body: { text, extra_terms: extra_terms() } });
    state.editing = null;
    await load_notes();
    show_notice($('#note-error'), 'success', t('notes.edit.saved'), true);
  } catch (e) {
    fail($('#note-error'), e, 'notes');
  }
}

async function remove_note(id) {
  hide_notice($('#note-error'));
  try {
    await api('DELETE', `/api/v1/sessions/${state.session.id}/notes/${id}`);
    state.removing = null;
    await load_notes();
    show_notice($('#note-error'), 'success', t('notes.remove.done'), true);
  } catch (e) {
    fail($('#note-error'), e, 'notes');
  }
}

async function load_notes() {
  try {
    state.notes = await api('GET', `/api/v1/sessions/${state.session.id}/notes`);
  } catch (e) {
    state.notes = [];
    fail($('#note-error'), e);
  }
  render_notes();
}

// --- session ---

function render_session_head() {
  const s = state.session;
  if (!s) return;
  $('#session-heading').textContent = `${session_title(s)} — ${format_date(s.starts_at)}`;
  $('#session-when').textContent = `${format_date_time(s.starts_at)}–${format_time(s.ends_at)} · ${s.place || ''}`;
}

async function open_session(s) {
  state.session = s;
  state.preview = null;
  $('#session-area').hidden = false;
  render_sessions();
  render_session_head();
  render_preview();
  focus_on($('#session-heading'));
  await Promise.all([load_roll(), load_themes(), load_notes()]);
}

function fill_sectors() {
  const sel = $('#wi-sector');
  const keep = sel.value;
  for (const o of [...sel.options].slice(1)) o.remove();
  for (const s of state.sectors) sel.append(h('option', { value: s.id }, pick(s.label)));
  sel.value = keep;
}

async function main() {
  await init_page();
  $('#wi-language').value = lang();
  api('GET', '/api/v1/sectors').then((x) => { state.sectors = x; fill_sectors(); }).catch(() => {});
  $('#roll-held').addEventListener('click', () => set_outcome('held'));
  $('#roll-not-held').addEventListener('click', () => set_outcome('not_held'));
  $('#walkin-form').addEventListener('submit', add_walk_in);
  $('#themes-form').addEventListener('submit', save_themes);
  $('#note-preview').addEventListener('click', preview);
  $('#note-form').addEventListener('submit', save_note);
  on_language_change(() => {
    render_sessions();
    render_session_head();
    render_roll();
    render_themes();
    render_notes();
    render_preview();
    fill_sectors();
  });
  await start_staff(async () => {
    $('#workspace').hidden = false;
    await load_sessions();
  }, () => {
    $('#workspace').hidden = true;
    state.session = null;
    $('#session-area').hidden = true;
  });
}

main();
