// The client's only way to make DOM: h() builds elements from plain values. Strings become Text nodes, never
// markup: no code path here parses HTML, so a message "<img src=x onerror=alert(1)>" shows those characters.

/**
 * h('button', {class: 'primary', onclick: fn, 'aria-label': 'Send'}, 'Send')
 * props: on* functions become listeners; value, checked, disabled, hidden, and other DOM properties listed in
 * PROPERTIES are set as properties; everything else as attributes (null, undefined and false leave it out).
 */
const PROPERTIES = new Set(['value', 'checked', 'disabled', 'hidden', 'readOnly', 'selected', 'tabIndex']);

export function h(tag, props = {}, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') {
      element.addEventListener(key.slice(2), value);
    } else if (PROPERTIES.has(key)) {
      element[key] = value;
    } else {
      element.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(element, children);
  return element;
}

/** Appends children (nodes, strings, numbers, nested arrays; null and false are skipped). */
export function append(parent, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return parent;
}

/** Replaces everything inside parent. */
export function render(parent, ...children) {
  parent.replaceChildren();
  return append(parent, children);
}

/** A labelled form field: <label>Username <input name=username></label>, so the input's accessible name is the label. */
export function field(label, input, hint) {
  const id = input.id || (input.id = 'f-' + Math.random().toString(36).slice(2, 9));
  return h('div', {class: 'field'},
    h('label', {for: id}, label),
    input,
    hint ? h('p', {class: 'hint', id: id + '-hint'}, hint) : null);
}

/** Moves focus to a view's heading after a route change, so screen readers announce the new page. */
export function focusHeading(root) {
  const heading = root.querySelector('h1');
  if (heading) {
    heading.tabIndex = -1;
    heading.focus({preventScroll: true});
  }
}
