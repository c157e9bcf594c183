// Validation errors as the API gives them: each violation names a field of the request body
// (e.g. "groups[2].value"); the form marks the input with that data-field and shows the message
// under it. Violations without an input, and other errors, show in the form's message box.

import {ApiError} from './api.js';
import {h, fill, notice} from './dom.js';

/** The element of a field: itself, or its closest named parent ("normalise[1]" -> "normalise"). */
function fieldElement(form, field) {
  let name = field;
  while (name) {
    const element = form.querySelector(`[data-field="${CSS.escape(name)}"]`);
    if (element) return element;
    const cut = Math.max(name.lastIndexOf('['), name.lastIndexOf('.'));
    name = cut > 0 ? name.slice(0, cut) : '';
  }
  return null;
}

export function clearErrors(form) {
  for (const element of form.querySelectorAll('.invalid')) element.classList.remove('invalid');
  for (const element of form.querySelectorAll('.field-error')) element.remove();
  const box = form.querySelector('.form-message');
  if (box) fill(box);
}

/** Shows an error of a save in the form: inline per field, the rest in the message box. */
export function showErrors(form, error) {
  clearErrors(form);
  const box = form.querySelector('.form-message');
  const unplaced = [];
  const violations = error instanceof ApiError ? error.violations : [];
  for (const violation of violations) {
    const element = fieldElement(form, violation.field);
    if (!element) {
      unplaced.push(violation);
      continue;
    }
    element.classList.add('invalid');
    const text = h('div', {class: 'field-error', 'data-error-for': violation.field, 'data-rule': violation.rule},
      violation.message, ' ', h('span', {class: 'rule'}, `(${violation.rule})`));
    element.after(text);
  }
  if (!box) return;
  if (violations.length === 0) {
    fill(box, notice('error', error.message));
  } else {
    fill(box, notice('error',
      `Not saved: ${violations.length} problem(s)` + (unplaced.length < violations.length ? ', marked at their fields.' : '.'),
      unplaced.length ? h('ul', {}, unplaced.map((v) => h('li', {}, `${v.field}: ${v.message} (${v.rule})`))) : null));
  }
}

/** Shows a success message in the form's message box. */
export function showSaved(form, text) {
  clearErrors(form);
  const box = form.querySelector('.form-message');
  if (box) fill(box, notice('ok', text));
}

/** A labelled field wrapper: the input carries data-field so violations find it. */
export function field(label, input, help) {
  return h('div', {class: 'field'},
    h('label', {for: input.id || null}, label),
    input,
    help ? h('div', {class: 'help'}, help) : null);
}
