import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SseParser, readEvents } from '../../main/web/sse.js';

test('events with names and JSON data, in one chunk', () => {
  const p = new SseParser();
  const events = p.push('event: delta\ndata: {"text":"Hel"}\n\nevent: delta\ndata: {"text":"lo"}\n\nevent: done\ndata: {}\n\n');
  assert.deepEqual(events, [
    { type: 'delta', data: '{"text":"Hel"}' },
    { type: 'delta', data: '{"text":"lo"}' },
    { type: 'done', data: '{}' },
  ]);
});

test('an event split anywhere, even inside a CRLF, comes out once and whole', () => {
  const text = 'event:delta\r\ndata:{"text":"a b"}\r\n\r\n: keep-alive\r\nevent: done\r\ndata: {"x":1}\r\n\r\n';
  for (let size = 1; size <= text.length; size += 1) {
    const p = new SseParser();
    const events = [];
    for (let i = 0; i < text.length; i += size) events.push(...p.push(text.slice(i, i + size)));
    events.push(...p.end());
    assert.deepEqual(events, [{ type: 'delta', data: '{"text":"a b"}' }, { type: 'done', data: '{"x":1}' }], `chunk size ${size}`);
  }
});

test('bare CR line ends, multi-line data, comments, a missing event name and a field without a colon', () => {
  const p = new SseParser();
  const events = p.push(':hello\rdata: one\rdata:two\r\rdata\r\revent: x\rid: 7\rretry: 10\r\r');
  events.push(...p.end());
  assert.deepEqual(events, [{ type: 'message', data: 'one\ntwo' }, { type: 'message', data: '' }]);
});

test('only one space after the colon is dropped', () => {
  const p = new SseParser();
  assert.deepEqual(p.push('data:  two spaces\n\n'), [{ type: 'message', data: ' two spaces' }]);
});

test('an event cut off by the end of the stream is not delivered', () => {
  const p = new SseParser();
  assert.deepEqual(p.push('event: delta\ndata: {"text":"x"}\n'), []);
  assert.deepEqual(p.end(), []);
});

test('readEvents decodes a byte stream split inside a multi-byte character', async () => {
  const bytes = new TextEncoder().encode('event: delta\ndata: {"text":"€ and ü"}\n\nevent: done\ndata: {}\n\n');
  const body = new ReadableStream({
    start(controller) {
      for (let i = 0; i < bytes.length; i += 3) controller.enqueue(bytes.slice(i, i + 3));
      controller.close();
    },
  });
  const events = [];
  for await (const e of readEvents(body)) events.push(e);
  assert.deepEqual(events, [{ type: 'delta', data: '{"text":"€ and ü"}' }, { type: 'done', data: '{}' }]);
});
