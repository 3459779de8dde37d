// SVG bar charts for the annual report, drawn without any library. Every chart is an <svg
// role="img"> with a text alternative, followed by the same numbers as a table for screen readers
// and for copying. A value may be the string "<3" (a small count hidden for anonymity): it is
// drawn as a short grey bar labelled "<3", never as a number.

import { s, h } from './dom.js';
import { format_number } from './i18n.js';

const numeric = (v) => (typeof v === 'number' ? v : 0);
const show = (v) => (typeof v === 'number' ? format_number(v) : String(v));

// rows: [{label, values: [v1, v2]}]; series: [{name, cls}] (one per value).
// Words of text in lines of at most max characters (a longer word gets a line of its own).
function wrap(text, max) {
  const lines = [];
  for (const word of String(text).split(/\s+/)) {
    if (lines.length && (lines[lines.length - 1] + ' ' + word).length <= max) lines[lines.length - 1] += ` ${word}`;
    else lines.push(word);
  }
  return lines;
}

// rows: [{label, values: [v1, v2]}]; series: [{name, cls}] (one per value). Labels are never
// cut: short ones stand left of their bars, long ones on whole lines above them.
export function bar_chart({ title, rows, series, description, table_label }) {
  const stacked = rows.some((r) => String(r.label).length > 24);
  const label_w = stacked ? 0 : 190;
  const bar_h = 16;
  const gap = 4;
  const line_h = 15;
  const bars_h = series.length * (bar_h + gap) + 10;
  const width = 640;
  const plot_w = width - label_w - 60;
  const lines = rows.map((r) => (stacked ? wrap(r.label, 84) : [String(r.label)]));
  const tops = [];
  let height = 5;
  rows.forEach((r, i) => { tops.push(height); height += bars_h + (stacked ? lines[i].length * line_h : 0); });
  height = Math.max(height + 5, 40);
  const max = Math.max(3, ...rows.flatMap((r) => r.values.map(numeric)));
  const svg = s('svg', {
    viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': `${title}. ${description || ''}`.trim(),
    preserveAspectRatio: 'xMinYMin meet',
  });
  rows.forEach((r, i) => {
    const y0 = tops[i] + (stacked ? lines[i].length * line_h : 0);
    if (stacked) {
      lines[i].forEach((line, k) => svg.append(s('text', { x: 0, y: tops[i] + (k + 1) * line_h - 3, text: line })));
    } else {
      svg.append(s('text', { x: label_w - 8, y: y0 + (series.length * (bar_h + gap)) / 2 + 4, 'text-anchor': 'end', text: r.label }));
    }
    r.values.forEach((v, j) => {
      const y = y0 + j * (bar_h + gap);
      const small = typeof v !== 'number';
      const w = small ? 6 : Math.max((numeric(v) / max) * plot_w, v > 0 ? 2 : 0);
      svg.append(s('rect', { x: label_w, y, width: w, height: bar_h, class: `bar ${small ? 'small' : series[j].cls || ''}`, rx: 2 }));
      svg.append(s('text', { x: label_w + w + 6, y: y + bar_h - 3, class: small ? 'muted' : '', text: show(v) }));
    });
  });
  svg.append(s('line', { x1: label_w, y1: 0, x2: label_w, y2: height, class: 'axis' }));
  const legend = series.length > 1
    ? h('ul', { class: 'legend', 'aria-hidden': 'true' }, series.map((x) => h('li', {}, h('span', { class: `swatch ${x.cls || ''}` }), x.name)))
    : null;
  const table = h('table', { class: 'data' },
    h('caption', { class: 'visually-hidden' }, title),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, ''), series.map((x) => h('th', { scope: 'col', class: 'num' }, x.name)))),
    h('tbody', {}, rows.map((r) => h('tr', {}, h('th', { scope: 'row' }, r.label), r.values.map((v) => h('td', { class: 'num' }, show(v)))))));
  return h('figure', { class: 'chart' },
    h('figcaption', {}, title),
    legend,
    svg,
    h('details', {}, h('summary', {}, table_label || title), h('div', { class: 'table-wrap' }, table)));
}
