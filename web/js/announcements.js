// "Mail me when new sessions are published" on the home page: the form posts to /announcements
// without JavaScript (a page rendered on the server answers); with it, the request goes to
// POST /api/v1/announcements and the answer shows in place. The registration form's own tick
// box calls request_announcements() after the registration succeeded.
import { t, lang, on_language_change } from './i18n.js';
import { api, ApiError, error_message, show_notice, hide_notice, form_values } from './api.js';
import { $ } from './dom.js';

let last = null;  // { ok, days } or { error }

export async function request_announcements(email, language) {
  try {
    await api('POST', '/api/v1/announcements', { body: { email, language, consent: true } });
    return true;
  } catch {
    return false;
  }
}

function render() {
  const box = $('#announce-status');
  if (!box) return;
  if (!last) { hide_notice(box); return; }
  if (last.ok) show_notice(box, 'success', t('announce.sent', { days: last.days }));
  else show_notice(box, 'error', last.error, true);
}

async function submit(ev) {
  ev.preventDefault();
  const form = ev.target;
  const v = form_values(form);
  const button = $('#announce-submit');
  button.disabled = true;
  try {
    const out = await api('POST', '/api/v1/announcements', { body: { email: v.email, language: v.language, consent: v.announce } });
    last = { ok: true, days: out.confirm_days ?? 7 };
    form.reset();
    $('#ann-language').value = lang();
  } catch (e) {
    const field = e instanceof ApiError && e.errors ? Object.keys(e.errors)[0] : null;
    last = { error: field ? t(`error.field.${e.errors[field]}`) : error_message(e) };
  } finally {
    button.disabled = false;
  }
  render();
}

export function init_announcements() {
  const form = $('#announce-form');
  if (!form) return;
  $('#ann-language').value = lang();
  form.addEventListener('submit', submit);
  on_language_change((l) => { $('#ann-language').value = l; render(); });
}
