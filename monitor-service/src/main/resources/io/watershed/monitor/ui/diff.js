// A line diff (longest common subsequence after trimming the common head and tail) and its view
// with three lines of context around each change.

import {h} from './dom.js';

const MAX_CELLS = 4_000_000;
const CONTEXT = 3;

/** The edit from lines a to lines b: [{kind: 'same' | 'del' | 'add', text}]. */
export function diffLines(a, b) {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head &&
      a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const x = a.slice(head, a.length - tail);
  const y = b.slice(head, b.length - tail);
  const middle = [];
  if ((x.length + 1) * (y.length + 1) > MAX_CELLS) {
    // too large to align line by line: everything in between changed
    x.forEach((text) => middle.push({kind: 'del', text}));
    y.forEach((text) => middle.push({kind: 'add', text}));
  } else {
    const width = y.length + 1;
    const lengths = new Uint32Array((x.length + 1) * width);
    for (let i = x.length - 1; i >= 0; i--) {
      for (let j = y.length - 1; j >= 0; j--) {
        lengths[i * width + j] = x[i] === y[j]
          ? lengths[(i + 1) * width + j + 1] + 1
          : Math.max(lengths[(i + 1) * width + j], lengths[i * width + j + 1]);
      }
    }
    let i = 0;
    let j = 0;
    while (i < x.length && j < y.length) {
      if (x[i] === y[j]) {
        middle.push({kind: 'same', text: x[i]});
        i++;
        j++;
      } else if (lengths[(i + 1) * width + j] >= lengths[i * width + j + 1]) {
        middle.push({kind: 'del', text: x[i++]});
      } else {
        middle.push({kind: 'add', text: y[j++]});
      }
    }
    while (i < x.length) middle.push({kind: 'del', text: x[i++]});
    while (j < y.length) middle.push({kind: 'add', text: y[j++]});
  }
  return [
    ...a.slice(0, head).map((text) => ({kind: 'same', text})),
    ...middle,
    ...b.slice(b.length - tail).map((text) => ({kind: 'same', text})),
  ];
}

/**
 * The diff as a block of lines; unchanged runs beyond the context fold into one line. where(index)
 * may name the part a change at that line belongs to (e.g. "d3"), shown where a change starts.
 */
export function renderDiff(operations, where = () => null) {
  const changed = operations.map((op) => op.kind !== 'same');
  const near = operations.map((_, index) => {
    for (let k = Math.max(0, index - CONTEXT); k <= Math.min(operations.length - 1, index + CONTEXT); k++) {
      if (changed[k]) return true;
    }
    return false;
  });
  const lines = [];
  let folded = 0;
  const flush = (index) => {
    const part = folded > 0 || index === 0 ? where(index) : null;
    if (folded > 0 || part) {
      lines.push(h('div', {class: 'diff-line fold'},
        folded > 0 ? `… ${folded} unchanged line(s) …` : '', part ? h('span', {class: 'part'}, ` in ${part}`) : null));
    }
    folded = 0;
  };
  operations.forEach((op, index) => {
    if (!near[index]) {
      folded++;
      return;
    }
    flush(index);
    const sign = op.kind === 'add' ? '+' : op.kind === 'del' ? '−' : ' ';
    lines.push(h('div', {class: `diff-line ${op.kind}`}, h('span', {class: 'sign'}, sign), op.text));
  });
  if (folded > 0) lines.push(h('div', {class: 'diff-line fold'}, `… ${folded} unchanged line(s) …`));
  const additions = operations.filter((op) => op.kind === 'add').length;
  const deletions = operations.filter((op) => op.kind === 'del').length;
  return h('div', {class: 'diff', id: 'diff'},
    h('div', {class: 'diff-summary'}, additions + deletions === 0
      ? 'No difference.'
      : `${additions} line(s) added, ${deletions} removed.`),
    h('div', {class: 'diff-body'}, lines));
}
