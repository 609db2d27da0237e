// Server-sent events read from a fetch() body (EventSource cannot POST): a small parser that follows the
// WHATWG event-stream rules — lines end in CRLF, LF or CR, "event:" names the event, "data:" lines join with a
// newline, ":" starts a comment, a blank line dispatches, and one space after the colon is dropped.

export class SseParser {
  constructor() {
    this.buffer = '';
    this.reset();
  }

  reset() {
    this.type = '';
    this.data = [];
    this.hasData = false;
  }

  /** Feeds a chunk of decoded text; returns the events it completed, as {type, data}. */
  push(chunk) {
    this.buffer += chunk;
    const events = [];
    for (;;) {
      const end = this.buffer.search(/\r\n|\n|\r/);
      if (end < 0) break;
      // a CR at the very end may be the first half of a CRLF split across chunks: wait for the next one
      if (this.buffer[end] === '\r' && end === this.buffer.length - 1) break;
      const width = this.buffer.startsWith('\r\n', end) ? 2 : 1;
      const line = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + width);
      const event = this.line(line);
      if (event) events.push(event);
    }
    return events;
  }

  /** The stream ended: a trailing event without its blank line is dropped, as the standard says. */
  end() {
    const events = this.push(this.buffer.endsWith('\r') ? '\n' : '');
    this.buffer = '';
    this.reset();
    return events;
  }

  line(line) {
    if (line === '') {
      if (!this.hasData) {
        this.reset();
        return null;
      }
      const event = { type: this.type || 'message', data: this.data.join('\n') };
      this.reset();
      return event;
    }
    if (line.startsWith(':')) return null;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') this.type = value;
    else if (field === 'data') {
      this.data.push(value);
      this.hasData = true;
    }
    // "id" and "retry" matter only to EventSource's reconnection, which a POST stream does not do
    return null;
  }
}

/** Reads a fetch Response body as events: an async iterator of {type, data}. */
export async function* readEvents(body) {
  const parser = new SseParser();
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let finished = false;
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      yield* parser.push(value);
    }
    finished = true;
    yield* parser.end();
  } finally {
    // the reader stopped early (an error, or the caller stopped iterating): close the connection too
    if (!finished) await reader.cancel().catch(() => {});
  }
}
