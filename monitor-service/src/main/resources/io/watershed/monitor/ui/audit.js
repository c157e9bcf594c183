// The audit log: who changed what and when, newest first, optionally of one target with its parts
// (a UBC ID with its dimensions, "ubc_0001/d3", a collector config group, a token name).

import {api} from './api.js';
import {h, fill, formatTime} from './dom.js';
import {link, navigate} from './router.js';

const PAGE = 50;

export async function auditPage(view, context) {
  context.setTitle('Audit log');
  const target = context.params.get('target') || '';
  const before = context.params.get('before') || '';
  const answer = await api.audit({under: target, before, limit: PAGE});
  if (!context.isCurrent()) return;
  const entries = answer.entries;
  const input = h('input', {id: 'audit-target', type: 'search', value: target, class: 'mono',
    placeholder: 'ubc_0001, ubc_0001/d3, a config group…', 'aria-label': 'Target (with its parts)'});
  const filter = h('form', {class: 'toolbar', onsubmit: (event) => {
    event.preventDefault();
    navigate(link(['audit'], {target: input.value.trim()}));
  }}, h('label', {for: 'audit-target'}, 'Target'), input,
  h('button', {type: 'submit'}, 'Filter'),
  target ? h('a', {href: '#/audit', class: 'button'}, 'All targets') : null);
  const rows = entries.map((entry) => h('tr', {},
    h('td', {class: 'mono'}, String(entry.id)),
    h('td', {}, formatTime(entry.occurredAt)),
    h('td', {}, entry.actor),
    h('td', {}, h('span', {class: 'badge'}, entry.action)),
    h('td', {class: 'mono'}, targetLink(entry.target)),
    h('td', {}, entry.ruleVersion === null || entry.ruleVersion === undefined ? '—' : String(entry.ruleVersion)),
    h('td', {}, h('details', {}, h('summary', {}, summary(entry.detail)),
      h('pre', {class: 'json'}, JSON.stringify(entry.detail, null, 2))))));
  const older = entries.length === PAGE
    ? h('a', {class: 'button', href: link(['audit'], {target, before: entries[entries.length - 1].id})}, 'Older entries')
    : null;
  fill(view,
    h('div', {class: 'page-head'}, h('h1', {}, 'Audit log')),
    h('p', {class: 'muted'}, 'Every change made through the API: who (the token name), what, when, and the rule version it made.'),
    filter,
    h('table', {class: 'data', id: 'audit-table'},
      h('thead', {}, h('tr', {}, ['#', 'When', 'Who', 'Action', 'Target', 'Rule version', 'Detail'].map((c) => h('th', {}, c)))),
      h('tbody', {}, rows.length ? rows : h('tr', {}, h('td', {colspan: 7, class: 'muted'}, 'No entries.')))),
    h('div', {class: 'actions'}, before ? h('a', {class: 'button', href: link(['audit'], {target})}, 'Newest') : null, older));
}

/** A target filters the log to itself. */
function targetLink(target) {
  return h('a', {href: link(['audit'], {target}), title: `Only entries of ${target}`}, target);
}

function summary(detail) {
  if (detail && typeof detail === 'object') {
    if (detail.summary) return detail.summary;
    if (detail.column && detail.source) {
      return `${detail.column} ← ${detail.source}, ${detail.mapping}` +
        (Array.isArray(detail.groups) ? ` (${detail.groups.length} value(s), default ${detail.defaultGroup})` : '');
    }
    if (detail.id && detail.name) return `${detail.id}: ${detail.name}`;
    if (detail.group && detail.version) return `${detail.group} v${detail.version} (${detail.format})`;
    const keys = Object.keys(detail);
    return keys.length ? keys.slice(0, 4).join(', ') + (keys.length > 4 ? ', …' : '') : '{}';
  }
  return String(detail);
}
