// Pure helpers for what the console shows: cell values, search snippets, error messages. No DOM here, so the
// unit tests run them in Node.

const NUMERIC_TYPE = /^(TINYINT|SMALLINT|INTEGER|INT|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|REAL|DOUBLE|DECIMAL|NUMERIC)\b/i;
const TIME_TYPE = /^(DATE|TIMESTAMP|TIME)\b/i;

/** True for the SQL types of numbers (DuckDB's names, with or without precision). */
export function isNumericType(type) {
  return typeof type === 'string' && NUMERIC_TYPE.test(type.trim());
}

/** True for dates and timestamps. */
export function isTimeType(type) {
  return typeof type === 'string' && TIME_TYPE.test(type.trim());
}

const formats = new Map();
function numberFormat(locale, options) {
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, options);
    formats.set(key, format);
  }
  return format;
}

/**
 * A value as a table cell shows it: {text, kind} with kind 'null', 'number' or 'text'. Whole numbers keep every
 * digit; others show two decimals (three significant digits below 1) — the cell's title keeps the exact value.
 */
export function formatValue(value, locale = undefined) {
  if (value === null || value === undefined) return { text: 'null', kind: 'null' };
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return { text: String(value), kind: 'number' };
    const options = Number.isInteger(value)
      ? { maximumFractionDigits: 0 }
      : Math.abs(value) >= 1 ? { maximumFractionDigits: 2 } : { maximumSignificantDigits: 3 };
    return { text: numberFormat(locale, options).format(value), kind: 'number' };
  }
  if (typeof value === 'boolean' || typeof value === 'string') return { text: String(value), kind: 'text' };
  return { text: JSON.stringify(value), kind: 'text' };
}

const ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Decodes the character references an HTML-escaping server writes; anything else stays as it is. */
export function decodeEntities(text) {
  return text.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]+);/gi, (whole, name) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : whole;
    }
    return Object.hasOwn(ENTITIES, name.toLowerCase()) ? ENTITIES[name.toLowerCase()] : whole;
  });
}

/**
 * A search snippet (HTML-escaped by memory-service, matches in <mark>) as plain-text pieces: [{text, marked}].
 * Only <mark> and </mark> mean anything; any other markup is shown as the text it is, so nothing the server
 * sends can become an element, an attribute or a script.
 */
export function snippetSegments(html) {
  const segments = [];
  let marked = false;
  for (const part of String(html ?? '').split(/(<\/?mark>)/i)) {
    if (/^<mark>$/i.test(part)) marked = true;
    else if (/^<\/mark>$/i.test(part)) marked = false;
    else if (part !== '') {
      const text = decodeEntities(part);
      const last = segments[segments.length - 1];
      if (last && last.marked === marked) last.text += text;
      else segments.push({ text, marked });
    }
  }
  return segments;
}

/** The sentence to show for a failed request: the problem's detail, else its title, else the status. */
export function problemMessage(problem, status) {
  if (problem && typeof problem.detail === 'string' && problem.detail.trim()) return problem.detail.trim();
  if (problem && typeof problem.title === 'string' && problem.title.trim()) return problem.title.trim();
  if (status === 0) return 'The server could not be reached. Check your connection and try again.';
  return `The server answered ${status}.`;
}

/** "2.4 MB" and the like, for file sizes. */
export function formatBytes(bytes, locale = undefined) {
  if (!Number.isFinite(bytes) || bytes < 0) return '';
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  const digits = unit === 0 ? 0 : value < 10 ? 1 : 0;
  return `${numberFormat(locale, { maximumFractionDigits: digits }).format(value)} ${units[unit]}`;
}
