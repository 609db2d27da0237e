// Pieces of the page built from API data: result tables, search snippets, dataset summaries, file rows.

import { h } from './dom.js';
import { formatBytes, formatValue, isNumericType, snippetSegments } from './text.js';

/** A result table ({columns:[{name, type}], rows, truncated?}) in a scrollable, labelled region. */
export function resultTable(table, caption) {
  const columns = table.columns ?? [];
  const numeric = columns.map((c) => isNumericType(c.type));
  const head = h('tr', {}, columns.map((c, i) => h('th', { scope: 'col', class: numeric[i] ? 'num' : null },
    h('span', { class: 'col-name' }, c.name),
    c.type ? h('span', { class: 'col-type' }, c.type.toLowerCase()) : null)));
  const body = (table.rows ?? []).map((row) => h('tr', {}, row.map((value, i) => {
    const { text, kind } = formatValue(value);
    return h('td', {
      class: [kind === 'number' || numeric[i] ? 'num' : null, kind === 'null' ? 'null' : null].filter(Boolean).join(' ') || null,
      title: kind === 'number' && String(value) !== text ? String(value) : null,
    }, text);
  })));
  const rows = table.rows?.length ?? 0;
  const more = table.truncated || (Number.isFinite(table.rowCount) && table.rowCount > rows);
  return h('div', { class: 'table-wrap', role: 'region', 'aria-label': caption, tabindex: 0 },
    h('table', { class: 'result-table' },
      h('caption', { class: 'visually-hidden' }, caption),
      h('thead', {}, head),
      h('tbody', {}, body)),
    more ? h('p', { class: 'hint' }, `Showing the first ${rows} rows${Number.isFinite(table.rowCount) ? ` of ${table.rowCount}` : ''}.`) : null);
}

/** A server-escaped snippet as text, with only its <mark> highlights kept as elements. */
export function snippet(html) {
  return h('span', { class: 'snippet' }, snippetSegments(html).map((s) => (s.marked ? h('mark', {}, s.text) : s.text)));
}

const STATUS_LABELS = { UPLOADED: 'Queued', PROCESSING: 'Processing…', READY: 'Ready', FAILED: 'Failed' };

export function statusBadge(status) {
  return h('span', { class: `badge badge-${String(status).toLowerCase()}`, dataset: { status } }, STATUS_LABELS[status] ?? status);
}

/** One file in the Files list: name, size, status, and its actions. */
export function fileRow(file) {
  const ready = file.status === 'READY';
  return h('li', { class: 'file', dataset: { fileId: file.id, status: file.status } },
    h('div', { class: 'file-head' },
      h('span', { class: 'file-name', title: file.name }, file.name),
      statusBadge(file.status)),
    h('div', { class: 'file-meta' },
      h('span', {}, formatBytes(file.size)),
      file.format ? h('span', {}, file.format.toLowerCase()) : null),
    file.status === 'FAILED' && file.error ? h('p', { class: 'form-error' }, file.error) : null,
    h('div', { class: 'file-actions' },
      h('button', { type: 'button', class: 'link', dataset: { action: 'summary', fileId: file.id }, disabled: !ready,
        'aria-label': `Summary of ${file.name}` }, 'Summary'),
      h('button', { type: 'button', class: 'link danger', dataset: { action: 'delete', fileId: file.id },
        'aria-label': `Delete ${file.name}` }, 'Delete')));
}

function stat(value) {
  if (value === null || value === undefined) return '';
  return formatValue(value).text;
}

/** The summary of a dataset: its size, a table of column statistics, the alerts and a few sample rows. */
export function summaryView(file, summary) {
  const columns = summary.columns ?? [];
  const facts = h('dl', { class: 'facts' },
    h('dt', {}, 'Rows'), h('dd', { dataset: { fact: 'rowCount' } }, formatValue(summary.rowCount).text),
    h('dt', {}, 'Columns'), h('dd', { dataset: { fact: 'columnCount' } }, String(columns.length)),
    summary.format ? [h('dt', {}, 'Format'), h('dd', {}, summary.format.toLowerCase())] : null,
    summary.sheet ? [h('dt', {}, 'Sheet'), h('dd', {}, summary.sheet)] : null,
    h('dt', {}, 'Size'), h('dd', {}, formatBytes(file.size)));
  const head = h('tr', {}, ['Column', 'Type', 'Nulls', 'Distinct', 'Min', 'Max', 'Mean']
    .map((name, i) => h('th', { scope: 'col', class: i >= 2 && i !== 4 && i !== 5 ? 'num' : null }, name)));
  const rows = columns.map((c) => h('tr', { dataset: { column: c.name } },
    h('th', { scope: 'row' }, c.name),
    h('td', {}, String(c.type ?? '').toLowerCase()),
    h('td', { class: 'num' }, stat(c.nullCount)),
    h('td', { class: 'num' }, stat(c.distinctCount)),
    h('td', {}, stat(c.min)),
    h('td', {}, stat(c.max)),
    h('td', { class: 'num' }, stat(c.mean))));
  const alerts = summary.alerts ?? [];
  const parts = [
    facts,
    summary.approximate ? h('p', { class: 'hint' }, 'Distinct counts and percentiles are approximate for a file this large.') : null,
    h('h3', {}, 'Columns'),
    h('div', { class: 'table-wrap', role: 'region', 'aria-label': 'Column statistics', tabindex: 0 },
      h('table', { class: 'result-table summary-table' }, h('thead', {}, head), h('tbody', {}, rows))),
    h('h3', {}, 'Alerts'),
    alerts.length === 0
      ? h('p', { class: 'empty' }, 'No alerts: nothing unusual in these columns.')
      : h('ul', { class: 'alerts' }, alerts.map((a) => h('li', { dataset: { kind: a.kind } },
        h('strong', {}, a.column), ' ', h('span', { class: 'badge' }, a.kind.replaceAll('_', ' ').toLowerCase()), ' ', a.detail))),
  ];
  const sample = summary.sampleRows ?? [];
  if (sample.length > 0) {
    parts.push(h('h3', {}, 'Sample rows'),
      resultTable({ columns: columns.map((c) => ({ name: c.name, type: c.type })), rows: sample.slice(0, 10) }, 'Sample rows'));
  }
  return parts;
}
