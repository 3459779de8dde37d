// Staff sign-in shared by /staff and /admin: the login form, the CSRF token kept for the tab,
// the optional password change, sign-out. start_staff(on_signed_in) calls back with
// {email, role, ...} once a session exists (already signed in, or after the form).

import { t } from './i18n.js';
import { api, ApiError, set_csrf_token, error_message, show_errors, clear_errors, show_notice, hide_notice, form_values } from './api.js';
import { $, focus_on } from './dom.js';

let current = null;

export function who() { return current; }

// Links and parts for one role only (data-needs-role="admin"): shown to that role, hidden from
// everyone else, signed out included.
function show_for_role(role) {
  for (const el of document.querySelectorAll('[data-needs-role]')) el.hidden = el.dataset.needsRole !== role;
}

function show_signed_in(on_signed_in) {
  $('#signin').hidden = true;
  $('#account-bar').hidden = false;
  $('#account-who').textContent = t('signin.as', { email: current.email, role: t(`staffrole.${current.role}`) });
  $('#password-panel').hidden = !current.must_change_password;
  show_for_role(current.role);
  on_signed_in(current);
}

function show_signin() {
  current = null;
  set_csrf_token('');
  show_for_role(null);
  $('#signin').hidden = false;
  $('#account-bar').hidden = true;
  $('#password-panel').hidden = true;
}

export async function start_staff(on_signed_in, on_signed_out) {
  try {
    current = await api('GET', '/api/v1/auth/me');
    set_csrf_token(current.csrf_token);
    show_signed_in(on_signed_in);
  } catch {
    show_signin();
  }

  $('#signin-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const form = ev.target;
    const v = form_values(form);
    hide_notice($('#signin-error'));
    const errors = {};
    if (!v.email) errors.email = 'required';
    if (!v.password) errors.password = 'required';
    if (Object.keys(errors).length) { show_errors(form, errors)?.focus(); return; }
    clear_errors(form);
    try {
      const out = await api('POST', '/api/v1/auth/login', { body: { email: v.email, password: form.elements.password.value } });
      set_csrf_token(out.csrf_token);
      current = out;
      form.reset();
      show_signed_in(on_signed_in);
    } catch (e) {
      if (e instanceof ApiError && e.status === 422) show_errors(form, e.errors)?.focus();
      else show_notice($('#signin-error'), 'error', error_message(e, 'login'), true);
    }
  });

  $('#signout').addEventListener('click', async () => {
    try { await api('POST', '/api/v1/auth/logout'); } catch { /* signed out locally anyway */ }
    show_signin();
    if (on_signed_out) on_signed_out();
    focus_on($('#signin-heading'));
  });

  $('#password-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const form = ev.target;
    const body = { current_password: form.elements.current_password.value, new_password: form.elements.new_password.value };
    try {
      await api('POST', '/api/v1/auth/password', { body });
      clear_errors(form);
      form.reset();
      current.must_change_password = false;
      show_notice($('#password-notice'), 'success', t('password.changed'), true);
    } catch (e) {
      if (e instanceof ApiError && e.status === 422 && Object.keys(e.errors).length) show_errors(form, e.errors, $('#password-notice'))?.focus();
      else if (e instanceof ApiError && e.status === 401 && e.problem.title !== 'Please sign in.') {
        show_errors(form, { current_password: 'wrong_password' })?.focus();
      } else show_notice($('#password-notice'), 'error', error_message(e, 'password'), true);
    }
  });
}

// Call when an API call answers 401: the staff session expired.
export function handle_auth_error(e) {
  if (e instanceof ApiError && e.status === 401) {
    show_signin();
    show_notice($('#signin-error'), 'warn', t('signin.expired'), true);
    return true;
  }
  return false;
}
