// The admins' GDPR sections: the deletion certificates (GET /api/v1/purges), printable, and the
// register of processing activities (GET /api/v1/records, in the page's language) with its CSV.
import { t, lang, on_language_change, format_short_date_time, format_number } from './i18n.js';
import { api, error_message, show_notice, hide_notice } from './api.js';
import { h, clear, $ } from './dom.js';
import { handle_auth_error } from './staff_auth.js';
import { init_announcements_admin, load_announcements_admin } from './admin_announcements.js';

const state = { certificates: [], register: null };
const kinds = ['participants', 'registrations', 'personal_links', 'mails', 'announcement_addresses'];

function fail(el, e) {
  if (handle_auth_error(e)) return;
  show_notice(el, 'error', error_message(e), true);
}

function when(iso) { return iso ? format_short_date_time(iso) : '—'; }

function by_whom(c) {
  if (c.automatic) return t('admin.certificates.automatic');
  if (c.staff_id != null) return t('admin.certificates.by_staff', { id: c.staff_id });
  if (c.kind === 'erasure_self') return t('admin.certificates.by_person');
  return t('admin.certificates.by_command');
}

function render_certificates() {
  const list = clear($('#certificates-list'));
  $('#certificates-empty').hidden = state.certificates.length > 0;
  for (const c of state.certificates) {
    list.append(h('article', { class: 'certificate', 'aria-labelledby': `certificate-${c.id}` },
      h('h3', { id: `certificate-${c.id}` }, t('admin.certificates.title', { id: c.id }), ' — ', t(`admin.certificates.kind.${c.kind}`), c.cycle ? ` ${c.cycle}` : ''),
      h('dl', {},
        h('dt', {}, t('admin.certificates.at')), h('dd', {}, when(c.at)),
        h('dt', {}, t('admin.certificates.by')), h('dd', {}, by_whom(c)),
        h('dt', {}, t('admin.certificates.removed')),
        h('dd', {}, kinds.map((k) => `${t(`admin.records.${k}`)}: ${format_number(c.removed?.[k] ?? 0)}`).join(' · ')),
        h('dt', {}, t('admin.certificates.key')), h('dd', {}, c.key_destroyed ? when(c.key_destroyed_at) : t('admin.certificates.key_kept')),
        h('dt', {}, t('admin.certificates.checkpoint')), h('dd', {}, c.checkpointed ? when(c.checkpointed_at) : t('admin.certificates.pending')))));
  }
}

async function load_certificates() {
  try {
    state.certificates = await api('GET', '/api/v1/purges');
    hide_notice($('#certificates-notice'));
  } catch (e) { state.certificates = []; fail($('#certificates-notice'), e); }
  render_certificates();
}

function render_register() {
  const el = clear($('#register-table'));
  $('#register-csv').href = `/api/v1/records.csv?lang=${encodeURIComponent(lang())}`;
  if (!state.register) return;
  const fields = ['purpose', 'data_subjects', 'data_categories', 'special_category_note', 'recipients', 'transfers', 'retention', 'security'];
  el.append(h('thead', {}, h('tr', {}, state.register.columns.map((c) => h('th', { scope: 'col' }, c)))));
  el.append(h('tbody', {}, state.register.activities.map((a) => h('tr', {},
    h('th', { scope: 'row' }, a.name), fields.map((f) => h('td', {}, a[f]))))));
}

async function load_register() {
  try {
    state.register = await api('GET', `/api/v1/records?lang=${encodeURIComponent(lang())}`);
    hide_notice($('#register-notice'));
  } catch (e) { state.register = null; fail($('#register-notice'), e); }
  render_register();
}

// Prints the certificates alone: the rest of the page is hidden while the print dialog is open.
function print_certificates() {
  document.body.classList.add('printing-certificates');
  window.addEventListener('afterprint', () => document.body.classList.remove('printing-certificates'), { once: true });
  window.print();
}

export function load_gdpr() {
  load_announcements_admin();
  load_certificates();
  load_register();
}

export function init_gdpr() {
  init_announcements_admin();
  $('#certificates-print').addEventListener('click', print_certificates);
  $('#certificates-refresh').addEventListener('click', load_certificates);
  on_language_change(() => { render_certificates(); load_register(); });
}
