// The admins' announcements section: how many people asked (confirmed, waiting), the configured
// retention, the last send; then, for a cycle whose sessions are generated, the preview (the
// text in each language and the number of recipients, never an address) and the send
// (POST /api/v1/announcements/send, with dry_run for the preview).
import { t, on_language_change, format_short_date_time, format_number } from './i18n.js';
import { api, error_message, show_notice, hide_notice } from './api.js';
import { h, clear, $ } from './dom.js';
import { handle_auth_error } from './staff_auth.js';

const state = { summary: null, cycles: [], preview: null };
const languages = ['fr', 'nl', 'en'];

function fail(el, e) {
  if (handle_auth_error(e)) return;
  show_notice(el, 'error', error_message(e, 'announcements'), true);
}

function render_summary() {
  const s = state.summary;
  if (!s) return;
  const by = s.by_language || {};
  $('#announcements-counts').textContent = t('admin.announcements.counts', {
    confirmed: format_number(s.confirmed), pending: format_number(s.pending),
    fr: format_number(by.fr ?? 0), nl: format_number(by.nl ?? 0), en: format_number(by.en ?? 0),
  });
  $('#announcements-retention').textContent = t('admin.announcements.retention', { days: s.retention_days, confirm: s.confirm_days });
  $('#announcements-last').textContent = s.last_sent_at
    ? t('admin.announcements.last', { cycle: s.last_cycle, date: format_short_date_time(s.last_sent_at) })
    : t('admin.announcements.never');
  const select = $('#announcements-cycle');
  const chosen = select.value;
  clear(select);
  for (const c of state.cycles) select.append(h('option', { value: c }, c));
  if (chosen && state.cycles.includes(chosen)) select.value = chosen;
  else if (state.cycles.length) select.value = state.cycles[state.cycles.length - 1];
}

function render_preview() {
  const box = $('#announcements-preview');
  const p = state.preview;
  if (!p) { box.hidden = true; return; }
  box.hidden = false;
  const by = p.by_language || {};
  $('#announcements-recipients').textContent = t('admin.announcements.recipients', {
    n: format_number(p.recipients), fr: format_number(by.fr ?? 0), nl: format_number(by.nl ?? 0), en: format_number(by.en ?? 0),
    sessions: format_number(p.sessions),
  });
  const mails = clear($('#announcements-mails'));
  for (const l of languages) {
    const m = p.mails?.[l];
    if (!m) continue;
    mails.append(h('details', {},
      h('summary', {}, `${t(`admin.announcements.language.${l}`)} — ${m.subject}`),
      h('pre', { class: 'mail-preview', lang: l }, m.text)));
  }
  const send = $('#announcements-send');
  send.hidden = Boolean(p.sent_at);
  if (p.sent_at) show_notice($('#announcements-done'), 'info', t('admin.announcements.already', { date: format_short_date_time(p.sent_at) }));
}

async function preview(ev) {
  ev.preventDefault();
  hide_notice($('#announcements-done'));
  const cycle = $('#announcements-cycle').value;
  if (!cycle) return;
  try {
    state.preview = await api('POST', '/api/v1/announcements/send', { body: { cycle, dry_run: true } });
    hide_notice($('#announcements-notice'));
  } catch (e) { state.preview = null; fail($('#announcements-notice'), e); }
  render_preview();
}

async function send() {
  const p = state.preview;
  if (!p) return;
  try {
    const out = await api('POST', '/api/v1/announcements/send', { body: { cycle: p.cycle, dry_run: false } });
    state.preview = null;
    render_preview();
    show_notice($('#announcements-done'), 'success', t('admin.announcements.sent', { n: format_number(out.recipients) }), true);
    load_announcements_admin();
  } catch (e) { fail($('#announcements-notice'), e); }
}

export async function load_announcements_admin() {
  try {
    const [summary, ledger] = await Promise.all([api('GET', '/api/v1/announcements'), api('GET', '/api/v1/privacy')]);
    state.summary = summary;
    state.cycles = ledger.filter((c) => !c.purged_at).map((c) => c.cycle);
    hide_notice($('#announcements-notice'));
  } catch (e) { fail($('#announcements-notice'), e); }
  render_summary();
}

export function init_announcements_admin() {
  $('#announcements-form').addEventListener('submit', preview);
  $('#announcements-send').addEventListener('click', send);
  on_language_change(() => { render_summary(); render_preview(); });
}
