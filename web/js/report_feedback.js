// The feedback part of the printable report (GET /api/v1/reports/{cycle}/feedback): per series
// and per quarter, answers, mean usefulness, "would come again" and the themes wished, summed
// over the sessions with at least 3 answers (the others are withheld, and counted as such).
// Comments are listed per series for the admins on screen and never printed.
import { t, format_number } from './i18n.js';
import { h } from './dom.js';

const num = (v) => (v === null || v === undefined ? '—' : format_number(v));
const of_kind = (g, kind) => g.questions.find((q) => q.kind === kind);

function cells(g) {
  const scale = of_kind(g, 'scale');
  const yes_no = of_kind(g, 'yes_no');
  const themes = of_kind(g, 'themes');
  const wished = themes ? Object.entries(themes.counts).sort((a, b) => b[1] - a[1])
    .map(([id, n]) => `${themes.labels[id] || id} (${format_number(n)})`).join(', ') : '';
  const yes = yes_no ? (yes_no.counts.yes || 0) : null;
  return [num(g.answers), scale ? num(scale.mean) : '—', yes_no && yes_no.answered ? `${format_number(yes)} / ${format_number(yes_no.answered)}` : '—', wished];
}

function group_table(caption, groups, name) {
  const head = [t('report.feedback.group'), t('report.feedback.answers'), t('report.feedback.usefulness'), t('report.feedback.again'),
    t('report.feedback.themes')];
  return h('div', { class: 'table-wrap' }, h('table', { class: 'data' },
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, head.map((x, i) => h('th', { scope: 'col', class: i > 0 && i < 4 ? 'num' : '' }, x)))),
    h('tbody', {}, groups.map((g) => h('tr', {}, h('th', { scope: 'row' }, name(g)),
      ...cells(g).map((x, i) => h('td', { class: i < 3 ? 'num' : '' }, x)))))));
}

export function feedback_part(fb) {
  const children = [h('p', {}, t('report.feedback.intro', { withheld: format_number(fb.total.sessions_withheld) }))];
  const shown = fb.series.filter((g) => g.sessions > 0);
  if (!shown.length) {
    children.push(h('p', { id: 'report-feedback-none' }, t('report.feedback.none')));
  } else {
    children.push(group_table(t('report.feedback.series'), shown, (g) => g.label));
    children.push(group_table(t('report.feedback.quarters'), fb.quarters.filter((g) => g.sessions > 0), (g) => g.quarter));
    const comments = shown.flatMap((g) => (of_kind(g, 'text')?.comments || []).map((c) => [g.label, c]));
    if (comments.length) {
      children.push(h('details', { class: 'feedback-comments no-print' }, h('summary', {}, t('report.feedback.comments')),
        h('ul', {}, comments.map(([series, c]) => h('li', {}, h('strong', {}, `${series}: `), c)))));
    }
  }
  return h('section', { class: 'report-part', id: 'report-feedback', 'aria-labelledby': 'report-feedback-heading' },
    h('h2', { id: 'report-feedback-heading' }, t('report.feedback.heading')), ...children);
}
