// The JSON API seen from the pages: one fetch wrapper, problem+json errors turned into
// ApiError, the staff CSRF token kept for the tab (sessionStorage) and sent on every
// state-changing call, and helpers that show validation errors next to their fields.

import { t, has } from './i18n.js';

const csrf_key = 'intervision.csrf';

export class ApiError extends Error {
  constructor(status, problem) {
    super((problem && (problem.detail || problem.title)) || `HTTP ${status}`);
    this.status = status;
    this.problem = problem || {};
    this.errors = (problem && problem.errors) || {};
  }
}

export function csrf_token() {
  try { return sessionStorage.getItem(csrf_key) || ''; } catch { return ''; }
}
export function set_csrf_token(v) {
  try {
    if (v) sessionStorage.setItem(csrf_key, v);
    else sessionStorage.removeItem(csrf_key);
  } catch { /* the token stays unset; the next call asks to sign in again */ }
}

// api('GET', '/api/v1/series'); api('POST', path, {body, token}).
export async function api(method, path, { body, token } = {}) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (token) headers.Authorization = `Bearer ${token}`;
  if (method !== 'GET' && method !== 'HEAD' && csrf_token()) headers['X-CSRF-Token'] = csrf_token();
  let res;
  try {
    res = await fetch(path, {
      method, headers, credentials: 'same-origin', cache: 'no-store',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    throw new ApiError(0, { title: 'network' });
  }
  if (res.status === 204) return null;
  const type = res.headers.get('content-type') || '';
  const data = type.includes('json') ? await res.json().catch(() => null) : await res.text();
  if (!res.ok) throw new ApiError(res.status, data && typeof data === 'object' ? data : null);
  return data;
}

// A sentence for an HTTP failure, in the reader's language. `context` picks more precise
// messages (e.g. 'register': 409 means "already registered").
export function error_message(err, context) {
  const status = err instanceof ApiError ? err.status : 0;
  const specific = `error.${context}.${status}`;
  if (context && has(specific)) return t(specific);
  if (has(`error.http.${status}`)) return t(`error.http.${status}`);
  return t('error.http.other');
}

// The sentence for a field error code; a menu or a group of options is "chosen", not "filled in".
export function field_error_text(code, control) {
  const choosing = control && (control.tagName === 'SELECT' || control.type === 'radio');
  if (choosing && (code === 'required' || code === 'unknown_value')) return t('error.field.choose');
  return has(`error.field.${code}`) ? t(`error.field.${code}`) : t('error.field.invalid');
}

function describe(el, id, on) {
  const ids = new Set((el.getAttribute('aria-describedby') || '').split(/\s+/).filter(Boolean));
  if (on) ids.add(id); else ids.delete(id);
  if (ids.size) el.setAttribute('aria-describedby', [...ids].join(' '));
  else el.removeAttribute('aria-describedby');
}

export function clear_errors(form) {
  for (const p of form.querySelectorAll('.field-error')) {
    const target = form.querySelector(`[aria-describedby~="${p.id}"]`);
    if (target) { describe(target, p.id, false); target.removeAttribute('aria-invalid'); }
    p.remove();
  }
  for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
}

// Shows {field: code} next to each field; returns the first control (in the form's order) that
// got an error. A field name the form does not have (e.g. a server-side field) goes to `fallback`.
export function show_errors(form, errors, fallback) {
  clear_errors(form);
  let first = null;
  const leftovers = [];
  const order = (field) => {
    const i = [...form.elements].findIndex((el) => el.name === field);
    return i < 0 ? Infinity : i;
  };
  const fields = Object.keys(errors || {}).sort((a, b) => order(a) - order(b));
  for (const field of fields) {
    const code = errors[field];
    const control = form.querySelector(`[name="${CSS.escape(field)}"]:not(:disabled)`) || form.querySelector(`[name="${CSS.escape(field)}"]`);
    if (!control) { leftovers.push(`${field}: ${field_error_text(code)}`); continue; }
    const group = control.type === 'radio' || control.type === 'checkbox' ? control.closest('fieldset') : null;
    const target = group && control.type === 'radio' ? group : control;
    const id = `${form.id || 'form'}-${field}-error`;
    const p = document.createElement('p');
    p.className = 'field-error';
    p.id = id;
    p.textContent = field_error_text(code, control);
    const anchor = target === control ? (control.closest('.field, .choice') || control) : target;
    anchor.appendChild(p);
    target.setAttribute('aria-invalid', 'true');
    describe(target === group ? group : control, id, true);
    if (target === group) control.setAttribute('aria-invalid', 'true');
    if (!first) first = control;
  }
  if (leftovers.length && fallback) show_notice(fallback, 'error', leftovers.join(' · '));
  return first;
}

// Fills a live region with a message. kind: info, success, error, warn.
export function show_notice(el, kind, text, focus = false) {
  el.hidden = false;
  el.className = `notice ${kind}`;
  el.textContent = text;
  if (focus) { el.tabIndex = -1; el.focus(); }
}

export function hide_notice(el) { el.hidden = true; el.textContent = ''; }

// Form data as a plain object of trimmed strings (checkboxes as booleans).
export function form_values(form) {
  const out = {};
  for (const el of form.elements) {
    if (!el.name || el.disabled) continue;
    if (el.type === 'checkbox') out[el.name] = el.checked;
    else if (el.type === 'radio') { if (el.checked) out[el.name] = el.value; }
    else out[el.name] = el.value.trim();
  }
  return out;
}
