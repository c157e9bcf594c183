// The version history of one UBC ID: the rule versions that changed it, and a diff of the UBC ID
// (definition, dimensions, mapping tables) between two of them.

import {api, ApiError} from './api.js';
import {h, fill, formatTime, notice} from './dom.js';
import {link, navigate} from './router.js';
import {diffLines, renderDiff} from './diff.js';

export async function historyPage(view, context) {
  const id = context.parts[1];
  context.setTitle(`${id} history`);
  const answer = await api.ubcIdVersions(id);
  if (!context.isCurrent()) return;
  const versions = answer.versions;
  const newest = versions.length ? versions[0].version : answer.head;
  const b = Number(context.params.get('b') || newest);
  const a = Number(context.params.get('a') || (versions.length > 1 ? versions[1].version : Math.max(0, b - 1)));
  const go = (nextA, nextB) => navigate(link(['ubc-ids', id, 'history'], {a: nextA, b: nextB}));
  const radio = (name, version, checked) => h('input', {
    type: 'radio', name, value: version, checked, 'aria-label': `${name.toUpperCase()}: version ${version}`,
    onchange: () => (name === 'a' ? go(version, b) : go(a, version)),
  });
  const rows = versions.map((v) => h('tr', {class: v.version === a || v.version === b ? 'selected' : ''},
    h('td', {class: 'mono'}, String(v.version)),
    h('td', {}, formatTime(v.createdAt)),
    h('td', {}, v.actor),
    h('td', {}, v.summary),
    h('td', {class: 'pick'}, radio('a', v.version, v.version === a)),
    h('td', {class: 'pick'}, radio('b', v.version, v.version === b))));
  const diffHolder = h('div', {}, h('p', {class: 'muted'}, 'Comparing…'));
  fill(view,
    h('nav', {class: 'crumbs'}, h('a', {href: '#/ubc-ids'}, 'UBC IDs'), ' / ',
      h('a', {href: link(['ubc-ids', id])}, id), ' / history'),
    h('div', {class: 'page-head'},
      h('h1', {}, h('span', {class: 'mono'}, id), ' ', h('span', {class: 'subtle'}, 'version history')),
      h('div', {class: 'links'}, h('a', {href: link(['audit'], {target: id})}, 'Audit log'))),
    h('section', {class: 'card'},
      h('h2', {}, `Rule versions that changed ${id}`),
      h('p', {class: 'muted'}, 'A new rule version is made by every change to the UBC ID, one of its dimensions or a mapping table. ',
        'Pick A and B to compare.'),
      h('table', {class: 'data', id: 'version-table'},
        h('thead', {}, h('tr', {}, ['Version', 'When', 'By', 'Summary', 'A', 'B'].map((c) => h('th', {}, c)))),
        h('tbody', {}, rows))),
    h('section', {class: 'card'},
      h('h2', {}, `Difference from version ${a} (A) to version ${b} (B)`),
      diffHolder));
  const [before, after] = await Promise.all([state(id, a), state(id, b)]);
  if (!context.isCurrent()) return;
  const operations = diffLines(lines(before), lines(after));
  fill(diffHolder,
    before === null ? notice('info', `${id} did not exist at version ${a}.`) : null,
    after === null ? notice('info', `${id} did not exist at version ${b}.`) : null,
    renderDiff(operations, (index) => part(operations, index)));
}

/** The UBC ID at a version, or null when it did not exist then. */
async function state(id, version) {
  try {
    return await api.ubcId(id, version);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}

/** The dimension a line of the diff lies in ("d3 (Network)"), or "the definition" above them. */
function part(operations, index) {
  let label = null;
  for (let k = index; k >= 0; k--) {
    const text = operations[k].text;
    const labelled = /^ {6}"label": "(.*)",?$/.exec(text);
    if (labelled) label = labelled[1];
    const column = /^ {6}"column": "(d[1-6])",?$/.exec(text);
    if (column) return label ? `${column[1]} (${label})` : column[1];
    if (/^ {2}"dimensions": \[/.test(text)) return 'the dimensions';
  }
  return 'the definition';
}

function lines(ubc) {
  return ubc === null ? [] : JSON.stringify(ubc, null, 2).split('\n');
}
