// The admins' attestation check (issue 21): a verification code typed from a paper attestation
// is sent to GET /api/v1/attestations/{code}; the answer says whether it was issued here, for
// how many hours and sessions, in which cycle and on which day: never to whom. Loaded as its
// own module by admin.html, beside admin.js.
import { t, format_number, format_day } from './i18n.js';
import { api, ApiError, error_message, show_notice, hide_notice } from './api.js';
import { $ } from './dom.js';
import { handle_auth_error } from './staff_auth.js';

async function check(event) {
  event.preventDefault();
  const out = $('#attestation-result');
  hide_notice(out);
  const code = $('#attestation-code').value.trim();
  if (!code) return show_notice(out, 'warn', t('admin.attestations.malformed'), true);
  try {
    const r = await api('GET', `/api/v1/attestations/${encodeURIComponent(code)}`);
    show_notice(out, 'success', t('admin.attestations.valid', {
      hours: format_number(r.minutes / 60), sessions: format_number(r.sessions), cycle: r.cycle, date: format_day(r.issued_on),
    }), true);
  } catch (e) {
    if (handle_auth_error(e)) return;
    if (e instanceof ApiError && e.status === 404) return show_notice(out, 'error', t('admin.attestations.invalid'), true);
    if (e instanceof ApiError && e.status === 422) return show_notice(out, 'warn', t('admin.attestations.malformed'), true);
    show_notice(out, 'error', error_message(e), true);
  }
}

$('#attestation-form').addEventListener('submit', check);
