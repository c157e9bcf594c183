// One dimension slot of a UBC ID: its source field, mapping kind (one-to-one keeps the normalised
// value; many-to-one looks it up in a value -> group table with a default group) and the table.
// Saving PUTs the whole dimension; the API's violations show at their fields.

import {api, ApiError} from './api.js';
import {h, fill, notice} from './dom.js';
import {flash, link, navigate} from './router.js';
import {clearErrors, field, showErrors} from './forms.js';

const COMMON = ['os', 'osv', 'did', 'app', 'appv', 'net'];
const STEPS = ['trim', 'lower-case', 'upper-case'];

export async function dimensionPage(view, context) {
  const id = context.parts[1];
  const column = context.parts[2];
  const slot = Number(column.slice(1));
  const ubc = await api.ubcId(id);
  if (!context.isCurrent()) return;
  const current = ubc.dimensions.find((d) => d.slot === slot) || null;
  const creating = current === null;
  context.setTitle(`${id} ${column}`);
  const readOnly = !context.canWrite;
  if (creating && readOnly) {
    fill(view, notice('info', `Slot ${column} of ${id} is free.`));
    return;
  }

  const sources = [...COMMON.map((name) => `common.${name}`), ...ubc.params.map((name) => `ext.${name}`)];
  const source = h('input', {id: 'source', 'data-field': 'source', class: 'mono', list: 'source-options',
    value: current ? current.source : '', disabled: readOnly, placeholder: 'common.os or ext.<param>'});
  const mapping = h('select', {id: 'mapping-kind', 'data-field': 'mapping', disabled: readOnly},
    ['one-to-one', 'many-to-one'].map((kind) =>
      h('option', {value: kind, selected: (current ? current.mapping : 'one-to-one') === kind}, kind)));
  const order = [...(current ? current.normalise : ['trim', 'lower-case']),
    ...STEPS.filter((step) => !(current ? current.normalise : ['trim', 'lower-case']).includes(step))];
  const chosen = current ? current.normalise : ['trim', 'lower-case'];
  const normalise = h('div', {class: 'checks', 'data-field': 'normalise', id: 'normalise'}, order.map((step) =>
    h('label', {class: 'check'},
      h('input', {type: 'checkbox', value: step, checked: chosen.includes(step), disabled: readOnly}), ' ', step)));
  const label = h('input', {id: 'label', 'data-field': 'label', value: current && current.label ? current.label : '', disabled: readOnly});
  const defaultGroup = h('input', {id: 'default-group', 'data-field': 'defaultGroup', class: 'mono',
    value: current && current.defaultGroup ? current.defaultGroup : '', disabled: readOnly});
  const rows = h('tbody', {id: 'mapping-rows'});
  const addRow = (value = '', group = '') => {
    const row = h('tr', {class: 'mapping-row'},
      h('td', {}, h('input', {class: 'value mono', value, disabled: readOnly, 'aria-label': 'Source value'})),
      h('td', {class: 'arrow'}, '→'),
      h('td', {}, h('input', {class: 'group mono', value: group, disabled: readOnly, 'aria-label': 'Group'})),
      h('td', {}, readOnly ? null : h('button', {type: 'button', class: 'small remove-row', 'data-edit': '', title: 'Remove this row',
        onclick: () => { row.remove(); count(); }}, 'Remove')));
    rows.appendChild(row);
    return row;
  };
  for (const entry of current && current.groups ? current.groups : []) addRow(entry.value, entry.group);
  const counter = h('span', {class: 'muted', id: 'row-count'});
  const count = () => { counter.textContent = `${rows.children.length} value(s)`; };
  count();
  const table = h('div', {class: 'field'},
    h('label', {}, 'Value → group table'),
    h('table', {class: 'data mapping', 'data-field': 'groups'},
      h('thead', {}, h('tr', {}, h('th', {}, 'Source value'), h('th', {}), h('th', {}, 'Group'), h('th', {}))),
      rows),
    h('div', {class: 'row-actions'},
      readOnly ? null : h('button', {type: 'button', id: 'add-row', 'data-edit': '', onclick: () => {
        const row = addRow();
        count();
        row.querySelector('input').focus();
      }}, 'Add row'),
      counter));
  const manyToOne = h('fieldset', {class: 'many-to-one'},
    h('legend', {}, 'Many-to-one mapping'),
    h('p', {class: 'help'}, 'Values are looked up after the normalisation steps (the table is stored normalised); ',
      'a value not in the table gets the default group.'),
    field('Default group', defaultGroup, 'Required: the group of every value not in the table'),
    table);
  const showKind = () => { manyToOne.hidden = mapping.value !== 'many-to-one'; };
  mapping.addEventListener('change', showKind);
  showKind();

  const save = readOnly ? null : h('button', {type: 'submit', class: 'primary', id: 'save-dimension', 'data-edit': ''},
    creating ? `Add ${column}` : 'Save dimension');
  const remove = readOnly || creating ? null : h('button', {type: 'button', class: 'danger', id: 'delete-dimension', 'data-edit': '',
    onclick: deleteDimension}, `Delete ${column}`);
  const form = h('form', {id: 'dimension-form', class: 'form', novalidate: true, onsubmit: submit},
    h('div', {class: 'form-message'}),
    h('datalist', {id: 'source-options'}, sources.map((name) => h('option', {value: name}))),
    h('div', {class: 'form-grid'},
      field('Source field', source, `common.<${COMMON.join('|')}> or ext.<param> of ${id}`),
      field('Mapping', mapping, 'one-to-one keeps the value; many-to-one maps values to groups'),
      field('Label', label, 'A human name, shown on dashboards'),
      field('Normalise', normalise, 'Steps applied in this order before keeping or looking up')),
    manyToOne,
    readOnly ? h('p', {class: 'muted', id: 'read-only-note'}, `Your role (${context.me.role}) reads the rules only.`) :
      h('div', {class: 'actions'}, save, remove, h('a', {class: 'button', href: link(['ubc-ids', id])}, 'Cancel')));

  fill(view,
    h('nav', {class: 'crumbs'}, h('a', {href: '#/ubc-ids'}, 'UBC IDs'), ' / ',
      h('a', {href: link(['ubc-ids', id])}, id), ' / ', column),
    h('div', {class: 'page-head'},
      h('h1', {}, h('span', {class: 'mono'}, `${id} · ${column}`), ' ',
        h('span', {class: 'subtle'}, creating ? 'new dimension' : (current.label || ''))),
      creating ? null : h('div', {class: 'links'},
        h('span', {class: 'muted'}, `since rule version ${current.version}`),
        h('a', {href: link(['audit'], {target: `${id}/${column}`})}, 'Audit log'))),
    h('section', {class: 'card'}, form));

  function body() {
    const kind = mapping.value;
    const result = {
      source: source.value.trim(),
      mapping: kind,
      normalise: [...normalise.querySelectorAll('input:checked')].map((input) => input.value),
    };
    if (label.value.trim() !== '') result.label = label.value.trim();
    if (kind === 'many-to-one') {
      result.defaultGroup = defaultGroup.value;
      result.groups = [...rows.children].map((row, index) => {
        const [value, group] = row.querySelectorAll('input');
        value.dataset.field = `groups[${index}].value`;
        group.dataset.field = `groups[${index}].group`;
        return {value: value.value, group: group.value};
      });
    }
    return result;
  }

  async function submit(event) {
    event.preventDefault();
    clearErrors(form);
    save.disabled = true;
    try {
      const answer = await api.putDimension(id, slot, body());
      flash(answer.changed
        ? `Saved ${column} of ${id} as rule version ${answer.ruleVersion}.`
        : `Nothing changed in ${column} of ${id}.`);
      navigate(link(['ubc-ids', id, column]));
    } catch (error) {
      showErrors(form, error);
      save.disabled = false;
    }
  }

  async function deleteDimension() {
    if (!confirm(`Delete dimension ${column} of ${id}? The pipeline stops filling ${column} from the next rule version.`)) return;
    try {
      const answer = await api.deleteDimension(id, slot);
      flash(`Deleted ${column} of ${id} in rule version ${answer.ruleVersion}.`);
      navigate(link(['ubc-ids', id]));
    } catch (error) {
      showErrors(form, error instanceof ApiError ? error : new ApiError(0, {error: {message: String(error)}}));
    }
  }
}
