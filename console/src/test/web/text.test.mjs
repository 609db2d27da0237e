import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeEntities, formatBytes, formatValue, isNumericType, problemMessage, snippetSegments } from '../../main/web/text.js';

test('snippets keep only <mark> as markup; everything else is text', () => {
  assert.deepEqual(snippetSegments('total <mark>revenue</mark> by &lt;b&gt;region&lt;/b&gt; &amp; more'), [
    { text: 'total ', marked: false },
    { text: 'revenue', marked: true },
    { text: ' by <b>region</b> & more', marked: false },
  ]);
});

test('hostile markup in a snippet stays text, whatever the server sent', () => {
  const segments = snippetSegments('<img src=x onerror=alert(1)><mark><script>x</script></mark><MARK>y</MARK>');
  assert.deepEqual(segments, [
    { text: '<img src=x onerror=alert(1)>', marked: false },
    { text: '<script>x</script>y', marked: true },
  ]);
  assert.deepEqual(snippetSegments(null), []);
});

test('character references: named, decimal, hex; unknown and invalid ones stay as written', () => {
  assert.equal(decodeEntities('&#39;a&#x27;&quot;&nbsp;&#0;&#xD800;&bogus;'), "'a'\"&nbsp;&#0;&#xD800;&bogus;");
});

test('numbers: whole numbers keep every digit, others two decimals or three significant digits', () => {
  assert.deepEqual(formatValue(1234567, 'en-US'), { text: '1,234,567', kind: 'number' });
  assert.deepEqual(formatValue(12345.670000000002, 'en-US'), { text: '12,345.67', kind: 'number' });
  assert.deepEqual(formatValue(0.0012345, 'en-US'), { text: '0.00123', kind: 'number' });
  assert.deepEqual(formatValue(-2.5, 'en-US'), { text: '-2.5', kind: 'number' });
  assert.deepEqual(formatValue(null), { text: 'null', kind: 'null' });
  assert.deepEqual(formatValue('North'), { text: 'North', kind: 'text' });
  assert.deepEqual(formatValue(false), { text: 'false', kind: 'text' });
  assert.deepEqual(formatValue([1, 'a']), { text: '[1,"a"]', kind: 'text' });
});

test('numeric SQL types', () => {
  for (const t of ['BIGINT', 'double', 'DECIMAL(18,2)', 'HUGEINT', 'INTEGER']) assert.ok(isNumericType(t), t);
  for (const t of ['VARCHAR', 'DATE', 'TIMESTAMP', 'INTERVAL', undefined, null]) assert.ok(!isNumericType(t), String(t));
});

test('problem details win, then titles, then the status', () => {
  assert.equal(problemMessage({ title: 'Unauthorized', detail: 'Wrong username or password.' }, 401), 'Wrong username or password.');
  assert.equal(problemMessage({ title: 'Conflict' }, 409), 'Conflict');
  assert.equal(problemMessage(null, 502), 'The server answered 502.');
  assert.match(problemMessage(null, 0), /could not be reached/);
});

test('file sizes', () => {
  assert.equal(formatBytes(512, 'en-US'), '512 bytes');
  assert.equal(formatBytes(2_400_000, 'en-US'), '2.4 MB');
  assert.equal(formatBytes(256 * 1024 * 1024, 'en-US'), '268 MB');
});
