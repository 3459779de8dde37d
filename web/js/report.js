// The printable annual report (/reports/{cycle}): every count of GET /api/v1/reports/{cycle}
// in the page's language, each with its definition from the server, tables by series, quarter,
// sector, role and session, themes per series with their labels whole, two charts, the date of
// generation, and the previous cycle beside the totals. Printed (or saved as PDF) on A4 by the
// print stylesheet (css/report.css). Downloads: the JSON and the CSV (all tables, or one).

import { init_page } from './layout.js';
import { t, lang, on_language_change, format_number } from './i18n.js';
import { api } from './api.js';
import { $, h, clear } from './dom.js';
import { bar_chart } from './charts.js';
import { feedback_part } from './report_feedback.js';

const cycle = decodeURIComponent(location.pathname.split('/').pop() || '');
let report = null;
let feedback = null;  // GET .../feedback; the report shows without it when it fails

const show = (v) => (v === null || v === undefined ? '' : typeof v === 'number' ? format_number(v) : String(v));
const pct = (v) => (v === null || v === undefined ? '—' : `${format_number(v)} %`);
const block_counts = ['sessions_held', 'sessions_cancelled', 'sessions_roll_missing', 'sessions_scheduled', 'registered', 'waitlisted',
  'cancelled', 'walk_ins', 'present', 'absent', 'excused', 'unmarked'];
const value_of = (b, k) => (k.endsWith('_share') ? pct(b[k]) : show(b[k]));

function table(head, rows, cls = []) {
  return h('div', { class: 'table-wrap' }, h('table', { class: 'data' },
    h('thead', {}, h('tr', {}, head.map((x, i) => h('th', { scope: 'col', class: cls[i] || '' }, x)))),
    h('tbody', {}, rows.map((r) => h('tr', {}, r.map((x, i) => (i === 0 ? h('th', { scope: 'row', class: cls[i] || '' }, x)
      : h('td', { class: cls[i] || '' }, x))))))));
}

function part(id, title, ...children) {
  return h('section', { class: 'report-part', id, 'aria-labelledby': `${id}-heading` }, h('h2', { id: `${id}-heading` }, title), ...children);
}

function totals_part(r) {
  const label = (k) => r.labels[k] || k;
  const head = [t('report.count'), r.cycle];
  if (r.previous) head.push(r.previous.key);
  head.push(t('report.definition'));
  const keys = [...block_counts, 'first_time_share', 'returning_share'];
  const rows = keys.map((k) => {
    const row = [label(k), value_of(r.totals, k)];
    if (r.previous) row.push(value_of(r.previous, k));
    row.push(r.definitions[k]);
    return row;
  });
  const notes = [label('notes'), show(r.notes)];
  if (r.previous) notes.push('');
  notes.push(r.definitions.notes);
  rows.push(notes);
  const cls = ['', 'num', ...(r.previous ? ['num'] : []), 'definition'];
  return part('report-totals', t('report.totals'),
    h('p', {}, r.previous ? t('report.compare', { cycle: r.previous.key }) : t('report.no_previous')),
    table(head, rows, cls));
}

// One column per series (or quarter), one row per count: narrow enough for A4.
function blocks_part(id, title, blocks, r) {
  const keys = [...block_counts, 'first_time_share', 'returning_share'];
  return part(id, title, table(['', ...blocks.map((b) => b.label)],
    keys.map((k) => [r.labels[k] || k, ...blocks.map((b) => value_of(b, k))]), ['', ...blocks.map(() => 'num')]));
}

function groups_part(id, title, which, r) {
  const blocks = [{ ...r, label: r.totals.label, by_sector: r.by_sector, by_role: r.by_role }, ...r.by_series, ...r.by_quarter];
  const rows = [];
  for (const b of blocks) for (const g of b[which]) rows.push([b.label, g.label, show(g.registered), show(g.walk_ins), show(g.present)]);
  const head = ['', '', r.labels.registered, r.labels.walk_ins, r.labels.present];
  return part(id, title, rows.length ? table(head, rows, ['', '', 'num', 'num', 'num']) : h('p', {}, t('report.none')));
}

function themes_part(r) {
  const rows = r.themes.map((x) => [x.series_label, h('span', { class: 'theme-label' }, x.label), show(x.sessions)]);
  return part('report-themes', t('report.themes'),
    h('p', { class: 'hint' }, r.definitions.theme_sessions),
    rows.length ? table(['', '', r.labels.theme_sessions], rows, ['', '', 'num']) : h('p', {}, t('report.none')));
}

function sessions_part(r) {
  const keys = ['registered', 'waitlisted', 'cancelled', 'walk_ins', 'present', 'absent', 'excused', 'unmarked'];
  const rows = r.sessions.map((s) => [s.starts_at.slice(0, 10), s.series_label, t(`session.state.${s.state}`),
    ...keys.map((k) => (s.counted ? show(s[k]) : ''))]);
  return part('report-sessions', t('report.sessions'),
    table(['', '', '', ...keys.map((k) => r.labels[k])], rows, ['', '', '', ...keys.map(() => 'num')]));
}

function definitions_part(r) {
  return part('report-definitions', t('report.definitions'),
    h('dl', { class: 'definitions' }, Object.entries(r.definitions).flatMap(([k, d]) => [
      h('dt', { id: `def-${k}` }, r.labels[k] || k), h('dd', {}, d)])));
}

function charts(r) {
  return [
    bar_chart({ title: t('report.chart.present'), rows: r.by_series.map((b) => ({ label: b.label, values: [b.registered, b.present] })),
      series: [{ name: r.labels.registered, cls: 'alt' }, { name: r.labels.present, cls: '' }], table_label: t('report.chart.present') }),
    bar_chart({ title: t('report.chart.quarters'), rows: r.by_quarter.map((b) => ({ label: b.label, values: [b.registered, b.present] })),
      series: [{ name: r.labels.registered, cls: 'alt' }, { name: r.labels.present, cls: '' }], table_label: t('report.chart.quarters') }),
  ];
}

function render() {
  const r = report;
  const base = `/api/v1/reports/${encodeURIComponent(cycle)}`;
  $('#report-cycle-label').textContent = cycle;
  $('#report-json').href = `${base}?lang=${lang()}`;
  $('#report-json').setAttribute('download', `intervision-report-${cycle}-${lang()}.json`);
  $('#report-csv-all').href = `${base}.csv?lang=${lang()}`;
  const list = clear($('#report-csv-tables'));
  for (const [id, key] of [['totals', 'report.totals'], ['series', 'report.by_series'], ['quarters', 'report.by_quarter'],
    ['sectors', 'report.by_sector'], ['roles', 'report.by_role'], ['sessions', 'report.sessions'], ['themes', 'report.themes'],
    ['definitions', 'report.definitions']]) {
    list.append(h('li', {}, h('a', { href: `${base}.csv?table=${id}&lang=${lang()}`, download: '', class: 'button small secondary', id: `report-csv-${id}` },
      t('report.csv_table', { table: t(key) }))));
  }
  if (!r) return;
  $('#report-generated').textContent = t('report.generated', {
    date: new Intl.DateTimeFormat(lang(), { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/Brussels' }).format(new Date(r.generated_at)),
  });
  const content = clear($('#report-content'));
  content.append(
    totals_part(r),
    part('report-charts', t('report.by_series'), ...charts(r)),
    blocks_part('report-series', t('report.by_series'), r.by_series, r),
    blocks_part('report-quarters', t('report.by_quarter'), r.by_quarter, r),
    groups_part('report-sectors', t('report.by_sector'), 'by_sector', r),
    groups_part('report-roles', t('report.by_role'), 'by_role', r),
    themes_part(r),
    sessions_part(r),
    definitions_part(r));
  if (feedback) content.insertBefore(feedback_part(feedback), $('#report-definitions'));
}

async function load() {
  const status = $('#report-status');
  try {
    report = await api('GET', `/api/v1/reports/${encodeURIComponent(cycle)}?lang=${lang()}`);
    feedback = await api('GET', `/api/v1/reports/${encodeURIComponent(cycle)}/feedback?lang=${lang()}`).catch(() => null);
    status.hidden = true;
    document.body.dataset.ready = 'true';
  } catch (e) {
    report = null;
    status.hidden = false;
    status.removeAttribute('data-i18n');
    status.className = 'notice error';
    status.textContent = e && e.status === 401 ? `${t('report.error')} (401)` : t('report.error');
  }
  render();
}

async function main() {
  await init_page();
  $('#report-print').addEventListener('click', () => window.print());
  await load();
  on_language_change(load);
}

main();
