// A chart of a result table: its group keys (the text or date columns before the first numeric column, joined
// as "North / Widget" when there are two) against one measure (that numeric column, or each group's percentage when
// the table has one) — a line over periods, bars otherwise. Drawn by Apache ECharts, which the gateway serves as a
// web dependency; its version comes from the build (see console/pom.xml), so the URL is immutable and cached.

import { isNumericType, isTimeType } from './text.js';

const ECHARTS_URL = '/webjars/echarts/@echarts.version@/dist/echarts.esm.min.js';
const MAX_POINTS = 1000;
// 2024, 2024-03, 2024-03-17, 2024-Q1, 2024-W07, and timestamps: what the analyst's period buckets look like
const PERIOD = /^\d{4}(-(\d{2}|Q[1-4]|W\d{2})(-\d{2})?([T ][\d:.]+Z?)?)?$/;

function isNumberColumn(column, rows, index) {
  if (column && column.type) return isNumericType(column.type);
  return rows.length > 0 && rows.every((row) => row[index] === null || typeof row[index] === 'number');
}

/**
 * What to draw for a table ({columns:[{name, type}], rows}), or null when it has no dimension and measure to
 * plot: {kind: 'bar'|'line', dimension, measure, categories, values}.
 */
export function chartSpec(table) {
  if (!table || !Array.isArray(table.columns) || !Array.isArray(table.rows)) return null;
  const { columns, rows } = table;
  if (rows.length === 0 || rows.length > MAX_POINTS || columns.length < 2) return null;
  const numeric = columns.map((c, i) => isNumberColumn(c, rows, i));
  const dimension = numeric.findIndex((isNumber) => !isNumber);
  // each group's part of its own figure (region, returned orders, orders, percent): the percentages compare the
  // groups, the counts they are made of do not
  const rate = columns.findIndex((c, i) => c.name === 'percent_of_group' && numeric[i] && i > dimension);
  const measure = rate >= 0 ? rate : numeric.findIndex((isNumber, i) => isNumber && i > dimension);
  if (dimension < 0 || measure < 0) return null;
  // every key before the measure: "top 2 products in each region" is (region, product, revenue)
  const keys = columns.map((_, i) => i).filter((i) => i >= dimension && i < measure && !numeric[i]);
  const label = (value) => (value === null ? 'null' : String(value));
  const categories = rows.map((row) => keys.map((k) => label(row[k])).join(' / '));
  const values = rows.map((row) => (row[measure] === null ? null : Number(row[measure])));
  const overTime = keys.length === 1 && (isTimeType(columns[dimension].type) || categories.every((c) => PERIOD.test(c)));
  return {
    kind: overTime && rows.length > 1 ? 'line' : 'bar',
    dimension: keys.map((k) => columns[k].name).join(' / '),
    measure: columns[measure].name,
    categories,
    values,
  };
}

/** The ECharts option for a spec. */
export function chartOption(spec) {
  const crowded = spec.categories.length > 8 || spec.categories.some((c) => c.length > 12);
  return {
    animation: false,
    aria: { enabled: true },
    grid: { left: 8, right: 24, top: 36, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis' },
    xAxis: {
      type: 'category',
      name: spec.dimension,
      nameLocation: 'middle',
      nameGap: crowded ? 0 : 28,
      nameTextStyle: { opacity: crowded ? 0 : 1 },
      data: spec.categories,
      axisLabel: { hideOverlap: true, rotate: crowded ? 35 : 0 },
    },
    yAxis: { type: 'value', name: spec.measure },
    series: [{
      type: spec.kind,
      name: spec.measure,
      data: spec.values,
      showSymbol: spec.kind === 'line' && spec.values.length <= 60,
    }],
  };
}

/** A short description for assistive technology. */
export function chartLabel(spec) {
  return `${spec.kind === 'line' ? 'Line' : 'Bar'} chart of ${spec.measure} by ${spec.dimension}, ${spec.values.length} ${spec.values.length === 1 ? 'point' : 'points'}`;
}

let library;
function loadLibrary() {
  // one download for the page; a failed one is retried next time
  library ??= import(ECHARTS_URL).catch((error) => {
    library = undefined;
    throw error;
  });
  return library;
}

/** Draws the spec into the element; resolves to a handle whose dispose() frees the chart. */
export async function drawChart(element, spec) {
  const echarts = await loadLibrary();
  const chart = echarts.init(element, null, { renderer: 'svg' });
  chart.setOption(chartOption(spec));
  const observer = new ResizeObserver(() => chart.resize());
  observer.observe(element);
  return {
    dispose() {
      observer.disconnect();
      chart.dispose();
    },
  };
}
