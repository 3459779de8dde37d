// A series' recurrence, as the API gives it ({cadence, weekday, ordinals, months, skip_months,
// skip_dates, extra_dates, start, duration_minutes}), said as one sentence in the reader's
// language: "every second Tuesday, 09:30–12:30, not in July and August". Pure but for the
// strings and Intl; used by the series form (live, as the admin types) and the series list.

import { t, lang, list_format, format_day } from './i18n.js';

const locales = { fr: 'fr-BE', nl: 'nl-BE', en: 'en-GB' };
const weekdays = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

export function month_label(m, style = 'long') {
  return new Intl.DateTimeFormat(locales[lang()] || 'fr-BE', { month: style, timeZone: 'UTC' }).format(new Date(Date.UTC(2024, m - 1, 15, 12)));
}

export function weekday_label(name) {
  const i = weekdays.indexOf(String(name).toLowerCase());
  if (i < 0) return String(name || '');
  // 2024-01-01 was a Monday.
  return new Intl.DateTimeFormat(locales[lang()] || 'fr-BE', { weekday: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2024, 0, 1 + i, 12)));
}

// "09:30" + 180 minutes -> "12:30" (wall-clock; a session never spans a clock change in practice).
export function end_time(start, minutes) {
  const m = /^(\d{1,2}):(\d{2})$/.exec(start || '');
  if (!m || !minutes) return '';
  const total = (Number(m[1]) * 60 + Number(m[2]) + Number(minutes)) % (24 * 60);
  return `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;
}

const ordinal_order = (n) => (n === -1 ? 99 : n);

// The sentence, or '' when the rule is too incomplete to say anything.
export function recurrence_sentence(r) {
  if (!r || !r.weekday || !(r.ordinals || []).length) return '';
  const ordinals = [...new Set(r.ordinals.map(Number))].sort((a, b) => ordinal_order(a) - ordinal_order(b))
    .map((n) => t(`admin.rec.ordinal.${n === -1 ? 'last' : n}`));
  const day = { ordinals: list_format(ordinals), weekday: weekday_label(r.weekday) };
  const months = [...(r.months || [])].map(Number);
  const month_list = list_format(months.map((m) => month_label(m)));
  const parts = [];
  if (r.cadence === 'quarterly') parts.push(t('admin.rec.quarterly', { ...day, months: month_list }));
  else if (months.length) parts.push(t('admin.rec.monthly_in', { ...day, months: month_list }));
  else parts.push(t('admin.rec.monthly', day));
  const end = end_time(r.start, r.duration_minutes);
  if (r.start && end) parts.push(t('admin.rec.time', { start: r.start, end }));
  const skip = [...(r.skip_months || [])].map(Number).sort((a, b) => ((a + 3) % 12) - ((b + 3) % 12));
  if (skip.length) parts.push(t('admin.rec.skip_months', { months: list_format(skip.map((m) => month_label(m))) }));
  if ((r.skip_dates || []).length) parts.push(t('admin.rec.skip_dates', { dates: list_format(r.skip_dates.map(format_day)) }));
  if ((r.extra_dates || []).length) parts.push(t('admin.rec.extra_dates', { dates: list_format(r.extra_dates.map(format_day)) }));
  const s = parts.join(', ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}
