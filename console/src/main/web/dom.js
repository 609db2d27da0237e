// Building elements without ever parsing HTML: text goes in as text nodes, so nothing a server or a user wrote
// can become markup.

/**
 * h('li', {class: 'x', dataset: {id}, hidden: true}, 'text', child, …). Attribute values that are false, null or
 * undefined are left out; true gives an empty attribute. Children may be strings, numbers, nodes, arrays or null.
 */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value === false || value === null || value === undefined) continue;
    if (name === 'dataset') Object.assign(element.dataset, value);
    else if (name === 'text') element.textContent = value;
    else element.setAttribute(name === 'className' ? 'class' : name, value === true ? '' : String(value));
  }
  append(element, children);
  return element;
}

function append(parent, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, child);
    else parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export const byId = (id) => document.getElementById(id);

/** Shows or hides an element (the hidden attribute; the stylesheet makes it win over display rules). */
export function show(element, visible = true) {
  element.hidden = !visible;
}

export function clear(element) {
  element.replaceChildren();
}

/** "5 minutes ago"-style time, with the exact time in a <time> element's datetime and title. */
export function timeElement(iso) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return h('span', {}, '');
  return h('time', { datetime: date.toISOString(), title: date.toLocaleString() }, relativeTime(date));
}

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
function relativeTime(date) {
  const seconds = Math.round((date.getTime() - Date.now()) / 1000);
  const steps = [[60, 'second'], [60, 'minute'], [24, 'hour'], [7, 'day']];
  let value = seconds;
  for (const [size, unit] of steps) {
    if (Math.abs(value) < size) return relative.format(value, unit);
    value = Math.round(value / size);
  }
  return date.toLocaleDateString();
}
