// /admin, privacy ledger: the personal records left per cycle and when each cycle's go; the
// purge, offered (dry run first, then a confirmation) only for a cycle whose deletion date has
// come and that still holds something; a cycle already purged says when and by whom (the
// automatic purge or an admin), with its deletion certificate (GET /api/v1/purges) when the
// server keeps them; the erasure of one person on request.

import { t, format_day, format_short_date_time, format_number } from './i18n.js';
import { api, form_values, hide_notice } from './api.js';
import { h, clear, $, focus_on } from './dom.js';
import { shared, changed, load_into, attempt, notify, refuse, table, num_td } from './admin_common.js';

const record_kinds = ['participants', 'registrations', 'personal_links', 'mails'];
let certificates = [];  // cycle purges, newest first
let purge = null;

async function load() {
  const [ledger, certs] = await Promise.all([
    load_into($('#privacy-notice'), '/api/v1/privacy', []),
    api('GET', '/api/v1/purges').catch(() => []),  // deletion certificates, where the server has them
  ]);
  shared.ledger = ledger;
  certificates = (Array.isArray(certs) ? certs : []).filter((c) => c.kind === 'cycle_purge');
  render();
  changed('ledger');
}

const today = () => new Date().toISOString().slice(0, 10);
const held = (c) => record_kinds.reduce((n, k) => n + (c.records?.[k] ?? 0), 0);

// A purge is due when the deletion date has come and the cycle is not purged, or still holds
// records (a restored copy): never for a cycle purged and empty.
export function purge_due(c, day = today()) {
  return c.deletion_date <= day && (!c.purged_at || held(c) > 0);
}

function certificate_of(cycle) { return certificates.find((c) => c.cycle === cycle); }

function who_purged(cert) {
  if (!cert) return '';
  if (cert.automatic) return t('admin.purge.by_automatic');
  const a = shared.accounts.find((x) => x.id === cert.staff_id);
  return a ? t('admin.purge.by_staff', { who: a.email }) : t('admin.purge.by_command');
}

// "Purged on 3 Oct 2027, 02:00 (automatically)", and a link to its certificate.
function purged_cell(c) {
  if (!c.purged_at) return c.deletion_date <= today() ? t('admin.purge.due_since', { date: format_day(c.deletion_date) }) : '—';
  const cert = certificate_of(c.cycle);
  const by = who_purged(cert);
  const text = t('admin.purge.purged_on', { date: format_short_date_time(c.purged_at) }) + (by ? ` (${by})` : '');
  if (!cert) return text;
  return [text, ' ', h('a', { href: `#certificate-${cert.id}` }, t('admin.purge.certificate', { id: cert.id }))];
}

function render() {
  table($('#privacy-table'), [t('admin.cycle'), t('admin.cycles.deletion'), t('admin.cycles.purged'), ...record_kinds.map((k) => ({ text: t(`admin.records.${k}`), num: true }))],
    shared.ledger.map((c) => h('tr', {},
      h('th', { scope: 'row' }, c.cycle),
      h('td', {}, format_day(c.deletion_date)),
      h('td', {}, purged_cell(c)),
      record_kinds.map((k) => num_td(c.records ? c.records[k] ?? 0 : 0)))));
  render_purge_form();
}

function render_purge_form() {
  const due = shared.ledger.filter((c) => purge_due(c)).map((c) => c.cycle).sort();
  const sel = $('#purge-cycle');
  const keep = sel.value;
  clear(sel);
  for (const l of due) sel.append(h('option', { value: l }, l));
  if (due.includes(keep)) sel.value = keep;
  $('#purge-form').hidden = due.length === 0;
  if (!due.length) $('#purge-preview').hidden = true;
  const next = shared.ledger.filter((c) => !c.purged_at && c.deletion_date > today()).sort((a, b) => a.deletion_date.localeCompare(b.deletion_date))[0];
  $('#purge-status').textContent = due.length ? t('admin.purge.due', { cycles: due.join(', ') })
    : next ? t('admin.purge.nothing_due', { cycle: next.cycle, date: format_day(next.deletion_date) }) : t('admin.purge.nothing_due_at_all');
}

function removed_list(removed) {
  return record_kinds.map((k) => h('li', {}, t(`admin.records.${k}`), ': ', format_number(removed?.[k] ?? 0)));
}

async function preview(ev) {
  ev.preventDefault();
  const cycle = $('#purge-cycle').value;
  if (!cycle) return;
  const r = await attempt($('#purge-done'), () => api('POST', '/api/v1/purge', { body: { cycle, dry_run: true } }), { context: 'purge' });
  if (!r.ok) return;
  purge = { cycle, removed: r.out.removed };
  $('#purge-preview').hidden = false;
  $('#purge-confirm').hidden = true;
  $('#purge-start').setAttribute('aria-expanded', 'false');
  $('#purge-preview-text').textContent = t('admin.purge.would_remove', { cycle });
  clear($('#purge-preview-list')).append(...removed_list(r.out.removed));
  focus_on($('#purge-preview'));
}

async function purge_now() {
  const { cycle } = purge;
  const done = $('#purge-done');
  const r = await attempt(done, () => api('POST', '/api/v1/purge', { body: { cycle, dry_run: false } }), { context: 'purge' });
  if (!r.ok) return;
  $('#purge-preview').hidden = true;
  purge = null;
  notify(done, 'success', [t('admin.purge.done', { cycle }), h('ul', {}, removed_list(r.out.removed))]);
  await load();
  changed('purged');
}

async function erase(ev) {
  ev.preventDefault();
  const form = ev.target;
  const notice = $('#erasure-notice');
  const v = form_values(form);
  const errors = {};
  if (!v.email) errors.email = 'required';
  if (!v.sure) errors.sure = 'consent_required';
  if (Object.keys(errors).length) { refuse(form, errors, notice); return; }
  const r = await attempt(notice, () => api('POST', '/api/v1/erasure', { body: { email: v.email } }), { form, context: 'erasure' });
  if (!r.ok) return;
  form.reset();
  notify(notice, 'success', [t('admin.erasure.done'),
    h('ul', {}, ['participants', 'registrations', 'mails'].map((k) => h('li', {}, t(`admin.records.${k}`), ': ', format_number(r.out?.removed?.[k] ?? 0))))]);
  load();
  changed('erased');
}

// Seat squatting: one email, or one network, loses every live registration in one step.
async function cancel_squatter(ev) {
  ev.preventDefault();
  const form = ev.target;
  const notice = $('#squat-notice');
  const target = (form_values(form).target || '').trim();
  if (!target) { refuse(form, { target: 'required' }, notice); return; }
  const body = target.includes('@') ? { email: target } : { address_range: target };
  const r = await attempt(notice, () => api('POST', '/api/v1/registrations/cancel', { body }),
    { form, context: 'squat', fields: { email: 'target', address_range: 'target' } });
  if (!r.ok) return;
  form.reset();
  notify(notice, 'success', t('admin.squat.done', { count: format_number(r.out?.cancelled ?? 0) }));
  changed('registrations');
}

function init() {
  $('#purge-form').addEventListener('submit', preview);
  $('#purge-start').addEventListener('click', () => {
    $('#purge-confirm').hidden = false;
    $('#purge-start').setAttribute('aria-expanded', 'true');
    $('#purge-question').textContent = t('admin.purge.question', { cycle: purge.cycle });
    $('#purge-no').focus();
  });
  $('#purge-no').addEventListener('click', () => {
    $('#purge-confirm').hidden = true;
    $('#purge-start').setAttribute('aria-expanded', 'false');
    $('#purge-start').focus();
  });
  $('#purge-yes').addEventListener('click', purge_now);
  $('#erasure-form').addEventListener('submit', erase);
  $('#squat-form').addEventListener('submit', cancel_squatter);
  hide_notice($('#purge-done'));
}

export default { name: 'privacy', init, load, render };
