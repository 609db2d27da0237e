import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chartLabel, chartOption, chartSpec } from '../../main/web/chart.js';

const byRegion = {
  columns: [{ name: 'region', type: 'VARCHAR' }, { name: 'total_revenue', type: 'DOUBLE' }],
  rows: [['North', 120.5], ['South', 99], ['East', null]],
};

test('a text dimension and a numeric measure make a bar chart', () => {
  const spec = chartSpec(byRegion);
  assert.deepEqual(spec, {
    kind: 'bar', dimension: 'region', measure: 'total_revenue', categories: ['North', 'South', 'East'], values: [120.5, 99, null],
  });
  assert.equal(chartLabel(spec), 'Bar chart of total_revenue by region, 3 points');
  const option = chartOption(spec);
  assert.equal(option.series[0].type, 'bar');
  assert.deepEqual(option.xAxis.data, ['North', 'South', 'East']);
});

test('periods (buckets or dates) make a line chart', () => {
  const months = { columns: [{ name: 'month', type: 'VARCHAR' }, { name: 'total_units', type: 'HUGEINT' }], rows: [['2024-01', 3], ['2024-02', 5]] };
  assert.equal(chartSpec(months).kind, 'line');
  const dates = { columns: [{ name: 'day', type: 'DATE' }, { name: 'n', type: 'BIGINT' }], rows: [['2024-01-01', 3], ['2024-01-02', 5]] };
  assert.equal(chartSpec(dates).kind, 'line');
  const quarters = { columns: [{ name: 'q', type: 'VARCHAR' }, { name: 'n', type: 'BIGINT' }], rows: [['2024-Q1', 3], ['2024-Q2', 5]] };
  assert.equal(chartSpec(quarters).kind, 'line');
});

test('the measure is the first numeric column after the group keys, which are joined', () => {
  const t = { columns: [{ name: 'region', type: 'VARCHAR' }, { name: 'product', type: 'VARCHAR' }, { name: 'units', type: 'BIGINT' }], rows: [['N', 'a', 1], ['N', null, 2]] };
  const spec = chartSpec(t);
  assert.deepEqual([spec.dimension, spec.measure, spec.categories], ['region / product', 'units', ['N / a', 'N / null']]);
  // a share answer (region, total, percent): the total is drawn
  const shares = { columns: [{ name: 'region', type: 'VARCHAR' }, { name: 'total_revenue', type: 'DOUBLE' }, { name: 'percent_of_total', type: 'DOUBLE' }], rows: [['N', 10, 25], ['S', 30, 75]] };
  assert.equal(chartSpec(shares).measure, 'total_revenue');
  // each group's part of its own figure (region, part, whole, percent): the percentages are drawn
  const rates = { columns: [{ name: 'region', type: 'VARCHAR' }, { name: 'distinct_order_id_matching', type: 'BIGINT' }, { name: 'distinct_order_id', type: 'BIGINT' }, { name: 'percent_of_group', type: 'DOUBLE' }], rows: [['N', 9, 42, 21.43], ['S', 4, 39, 10.26]] };
  assert.deepEqual([chartSpec(rates).dimension, chartSpec(rates).measure, chartSpec(rates).values], ['region', 'percent_of_group', [21.43, 10.26]]);
  // two keys of which one is a period are not a line over time
  const byMonthAndRegion = { columns: [{ name: 'month', type: 'VARCHAR' }, { name: 'region', type: 'VARCHAR' }, { name: 'n', type: 'BIGINT' }], rows: [['2024-01', 'N', 1], ['2024-02', 'N', 2]] };
  assert.equal(chartSpec(byMonthAndRegion).kind, 'bar');
});

test('no chart for a single value, text only, numbers only, nothing, or too many rows', () => {
  assert.equal(chartSpec({ columns: [{ name: 'total', type: 'DOUBLE' }], rows: [[1]] }), null);
  assert.equal(chartSpec({ columns: [{ name: 'a', type: 'VARCHAR' }, { name: 'b', type: 'VARCHAR' }], rows: [['x', 'y']] }), null);
  assert.equal(chartSpec({ columns: [{ name: 'a', type: 'BIGINT' }, { name: 'b', type: 'DOUBLE' }], rows: [[1, 2]] }), null);
  assert.equal(chartSpec({ columns: byRegion.columns, rows: [] }), null);
  assert.equal(chartSpec(null), null);
  assert.equal(chartSpec({ columns: byRegion.columns, rows: Array.from({ length: 1001 }, (_, i) => [`r${i}`, i]) }), null);
});

test('columns without types are judged by their values', () => {
  const t = { columns: [{ name: 'region' }, { name: 'n' }], rows: [['N', 1], ['S', null]] };
  assert.equal(chartSpec(t).measure, 'n');
});
