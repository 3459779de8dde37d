// /admin, annual report: a cycle (the current one unless chosen), its totals and charts, and
// links to its CSV, JSON and printable page.

import { t, pick, lang, format_day, format_number } from './i18n.js';
import { api } from './api.js';
import { h, clear, $, focus_on } from './dom.js';
import { bar_chart } from './charts.js';
import { shared, on_change, attempt, fill_cycle_select, cycle_labels } from './admin_common.js';

let report = null;

function update_links() {
  const c = $('#report-cycle').value;
  const a = $('#report-csv');
  const links = [[a, `/api/v1/reports/${encodeURIComponent(c)}.csv?lang=${lang()}`], [$('#report-json'), `/api/v1/reports/${encodeURIComponent(c)}?lang=${lang()}`],
    [$('#report-page'), `/reports/${encodeURIComponent(c)}`]];
  for (const [el, href] of links) {
    if (c) { el.href = href; el.removeAttribute('aria-disabled'); } else { el.removeAttribute('href'); el.setAttribute('aria-disabled', 'true'); }
  }
  if (c) { a.setAttribute('download', `intervision-report-${c}-${lang()}.csv`); $('#report-json').setAttribute('download', `intervision-report-${c}-${lang()}.json`); }
}

function sector_label(id) {
  const s = shared.sectors.find((x) => x.id === id);
  return s ? pick(s.label) : id;
}

function render() {
  update_links();
  const body = clear($('#report-body'));
  const r = report;
  if (!r) return;
  const sessions = r.sessions || [];
  const total = (k) => sessions.reduce((n, x) => n + (typeof x[k] === 'number' ? x[k] : 0), 0);
  body.append(h('h3', { id: 'report-summary-heading' }, t('admin.report.summary', { cycle: r.cycle })));
  body.append(h('dl', { class: 'facts' },
    h('dt', {}, t('admin.report.sessions')), h('dd', {}, format_number(sessions.length)),
    h('dt', {}, t('admin.report.held')), h('dd', {}, format_number(r.totals ? r.totals.sessions_held : sessions.filter((x) => x.state === 'held').length)),
    h('dt', {}, t('admin.report.registered')), h('dd', {}, format_number(r.totals ? r.totals.registered : total('registered'))),
    h('dt', {}, t('admin.report.present')), h('dd', {}, format_number(r.totals ? r.totals.present : total('present'))),
    h('dt', {}, t('admin.report.notes')), h('dd', {}, format_number(r.notes ?? 0))));
  const themes = [...(r.themes || [])].sort((a, b) => (b.sessions || 0) - (a.sessions || 0));
  body.append(bar_chart({
    title: t('admin.report.chart.themes'),
    description: t('admin.report.chart.themes_desc', { n: themes.length }),
    table_label: t('admin.report.numbers'),
    series: [{ name: t('admin.report.sessions'), cls: '' }],
    rows: themes.map((x) => ({ label: (typeof x.label === 'string' ? `${x.label} (${x.series_label})` : pick(x.label)) || x.id, values: [x.sessions] })),
  }));
  body.append(bar_chart({
    title: t('admin.report.chart.attendance'),
    description: t('admin.report.chart.attendance_desc', { n: sessions.length }),
    table_label: t('admin.report.numbers'),
    series: [{ name: t('admin.report.registered'), cls: 'alt' }, { name: t('admin.report.present'), cls: '' }],
    rows: sessions.map((x) => ({
      label: `${format_day(x.starts_at.slice(0, 10))}${x.state === 'cancelled' ? ` (${t('session.state.cancelled')})` : ''}`,
      values: [x.registered, x.present],
    })),
  }));
  body.append(bar_chart({
    title: t('admin.report.chart.sectors'),
    description: t('admin.report.chart.sectors_desc'),
    table_label: t('admin.report.numbers'),
    series: [{ name: t('admin.report.registered'), cls: 'alt' }, { name: t('admin.report.present'), cls: '' }],
    rows: (r.by_sector || []).map((x) => ({ label: sector_label(x.sector), values: [x.registered, x.present] })),
  }));
  if (r.by_role && r.by_role.length) {
    body.append(bar_chart({
      title: t('admin.report.chart.roles'),
      table_label: t('admin.report.numbers'),
      series: [{ name: t('admin.report.registered'), cls: 'alt' }, { name: t('admin.report.present'), cls: '' }],
      rows: r.by_role.map((x) => ({ label: t(`role.${x.role}`), values: [x.registered, x.present] })),
    }));
  }
}

async function show(ev) {
  if (ev) ev.preventDefault();
  const cycle = $('#report-cycle').value;
  if (!cycle) return;
  const r = await attempt($('#report-notice'), () => api('GET', `/api/v1/reports/${encodeURIComponent(cycle)}?lang=${lang()}`), { context: 'report' });
  report = r.ok ? r.out : null;
  render();
  if (r.ok) focus_on($('#report-summary-heading'));
}

function fill_cycles() {
  fill_cycle_select($('#report-cycle'), cycle_labels());
  update_links();
}

function init() {
  $('#report-form').addEventListener('submit', show);
  $('#report-cycle').addEventListener('change', update_links);
  on_change('cycles', fill_cycles);
  on_change('ledger', fill_cycles);
  on_change('sectors', render);
}

// Nothing to fetch until a cycle is asked for.
async function load() { fill_cycles(); }

export default { name: 'report', init, load, render };
