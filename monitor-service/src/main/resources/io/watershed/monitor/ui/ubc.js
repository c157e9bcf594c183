// The metadata editor's UBC ID pages: the list, one UBC ID with its dimensions, and the
// definition form (new or edit).

import {api} from './api.js';
import {h, fill, table, notice} from './dom.js';
import {flash, link, navigate} from './router.js';
import {clearErrors, field, showErrors, showSaved} from './forms.js';

const METRICS = ['pv', 'duration_ms'];

export async function ubcListPage(view, context) {
  context.setTitle('UBC IDs');
  const answer = await api.ubcIds();
  if (!context.isCurrent()) return;
  const filter = h('input', {
    id: 'ubc-filter', type: 'search', placeholder: 'Filter by ID, name or owner',
    value: context.params.get('q') || '', 'aria-label': 'Filter UBC IDs',
  });
  const holder = h('div');
  const draw = () => {
    const text = filter.value.trim().toLowerCase();
    const shown = answer.ubcIds.filter((u) => !text ||
      [u.id, u.name, u.owner].some((value) => String(value).toLowerCase().includes(text)));
    fill(holder, table(['ID', 'Name', 'Log type', 'Owner', 'Enabled', 'Dimensions', 'Since version'],
      shown.map((u) => [
        h('a', {href: link(['ubc-ids', u.id]), class: 'mono'}, u.id),
        u.name,
        h('span', {class: `badge ${u.logType}`}, u.logType),
        u.owner,
        u.enabled ? 'yes' : h('span', {class: 'badge off'}, 'disabled'),
        slots(u.dimensions),
        String(u.version),
      ]), {id: 'ubc-table', class: 'data'}));
  };
  filter.addEventListener('input', () => {
    draw();
    history.replaceState(null, '', link(['ubc-ids'], {q: filter.value.trim()}));
  });
  fill(view,
    h('div', {class: 'page-head'},
      h('h1', {}, 'UBC IDs'),
      context.canWrite ? h('a', {href: '#/new-ubc-id', class: 'button primary', id: 'new-ubc-id', 'data-edit': ''}, 'New UBC ID') : null),
    h('p', {class: 'muted'}, `${answer.ubcIds.length} UBC ID(s) at rule version ${answer.ruleVersion}. `,
      'Each has up to six dimensions (d1..d6) filled from a common or business parameter.'),
    h('div', {class: 'toolbar'}, filter),
    holder);
  draw();
}

/** d1..d6 as chips: the dimension's label where a slot is used. */
function slots(dimensions) {
  const bySlot = new Map(dimensions.map((d) => [d.slot, d]));
  return h('span', {class: 'slots'}, [1, 2, 3, 4, 5, 6].map((slot) => {
    const d = bySlot.get(slot);
    return h('span', {class: d ? `slot used ${d.mapping}` : 'slot', title: d ? `${d.column}: ${d.source} (${d.mapping})` : `d${slot}: free`},
      d ? (d.label || d.column) : `d${slot}`);
  }));
}

export async function ubcPage(view, context) {
  const id = context.parts[1];
  context.setTitle(id);
  const ubc = await api.ubcId(id);
  if (!context.isCurrent()) return;
  const definition = h('section', {class: 'card', id: 'definition'});
  const showDefinition = () => fill(definition,
    h('div', {class: 'card-head'},
      h('h2', {}, 'Definition'),
      context.canWrite ? h('button', {type: 'button', id: 'edit-definition', 'data-edit': '', onclick: editDefinition}, 'Edit definition') : null),
    h('dl', {class: 'grid'},
      h('dt', {}, 'Name'), h('dd', {}, ubc.name),
      h('dt', {}, 'Description'), h('dd', {}, ubc.description || '—'),
      h('dt', {}, 'Log type'), h('dd', {}, ubc.logType === 'flow' ? 'flow (counts PV and sums a duration)' : 'event (counts PV)'),
      h('dt', {}, 'Owner'), h('dd', {}, ubc.owner),
      h('dt', {}, 'Enabled'), h('dd', {}, ubc.enabled ? 'yes' : 'no'),
      h('dt', {}, 'Business parameters'), h('dd', {class: 'mono'}, ubc.params.length ? ubc.params.map((p) => `ext.${p}`).join(', ') : '—'),
      h('dt', {}, 'Metrics'), h('dd', {class: 'mono'}, ubc.metrics.join(', ')),
      h('dt', {}, 'Since rule version'), h('dd', {}, String(ubc.version))));
  const editDefinition = () => fill(definition, ubcForm(ubc, {
    onSaved: (answer) => {
      flash(answer.changed ? `Saved the definition as rule version ${answer.ruleVersion}.` : 'Nothing changed.');
      navigate(link(['ubc-ids', id]));
    },
    onCancel: showDefinition,
  }));
  showDefinition();

  const used = new Set(ubc.dimensions.map((d) => d.slot));
  const free = [1, 2, 3, 4, 5, 6].find((slot) => !used.has(slot));
  const dimensions = h('section', {class: 'card', id: 'dimensions'},
    h('div', {class: 'card-head'},
      h('h2', {}, 'Dimensions'),
      context.canWrite && free ? h('a', {class: 'button', id: 'add-dimension', 'data-edit': '', href: link(['ubc-ids', id, `d${free}`])}, `Add dimension (d${free})`) : null),
    table(['Slot', 'Label', 'Source', 'Mapping', 'Normalise', 'Default group', 'Since version', ''],
      ubc.dimensions.map((d) => [
        h('span', {class: 'mono'}, d.column),
        d.label || '—',
        h('span', {class: 'mono'}, d.source),
        d.mapping === 'many-to-one' ? `many-to-one, ${d.groups.length} value(s)` : 'one-to-one',
        d.normalise.length ? d.normalise.join(', ') : '—',
        d.mapping === 'many-to-one' ? d.defaultGroup : '—',
        String(d.version),
        h('a', {href: link(['ubc-ids', id, d.column]), class: context.canWrite ? 'button small' : ''},
          context.canWrite ? 'Edit' : 'View'),
      ]), {class: 'data', id: 'dimension-table'}));

  fill(view,
    h('nav', {class: 'crumbs'}, h('a', {href: '#/ubc-ids'}, 'UBC IDs'), ' / ', id),
    h('div', {class: 'page-head'},
      h('h1', {}, h('span', {class: 'mono'}, ubc.id), ' ', h('span', {class: 'subtle'}, ubc.name)),
      h('div', {class: 'links'},
        h('a', {href: link(['dashboard'], {ubc: id})}, 'Dashboard'),
        h('a', {href: link(['ubc-ids', id, 'history']), id: 'history-link'}, 'Version history'),
        h('a', {href: link(['audit'], {target: id})}, 'Audit log'))),
    definition,
    dimensions);
}

export async function newUbcIdPage(view, context) {
  context.setTitle('New UBC ID');
  if (!context.canWrite) {
    fill(view, notice('info', `Your role (${context.me.role}) reads the metadata only.`));
    return;
  }
  fill(view,
    h('nav', {class: 'crumbs'}, h('a', {href: '#/ubc-ids'}, 'UBC IDs'), ' / new'),
    h('h1', {}, 'New UBC ID'),
    h('section', {class: 'card'}, ubcForm(null, {
      onSaved: (answer) => {
        flash(`Created ${answer.ubcId.id} as rule version ${answer.ruleVersion}.`);
        navigate(link(['ubc-ids', answer.ubcId.id]));
      },
      onCancel: () => navigate('#/ubc-ids'),
    })));
}

/** The definition form: create (ubc null) or replace one UBC ID. Dimensions are kept. */
function ubcForm(ubc, {onSaved, onCancel}) {
  const creating = ubc === null;
  const value = (name, fallback) => (ubc ? ubc[name] : fallback);
  const id = h('input', {id: 'ubc-id', 'data-field': 'id', value: value('id', ''), required: true, disabled: !creating, class: 'mono'});
  const name = h('input', {id: 'ubc-name', 'data-field': 'name', value: value('name', '')});
  const description = h('textarea', {id: 'ubc-description', 'data-field': 'description', rows: 2}, value('description', ''));
  const logType = h('select', {id: 'ubc-log-type', 'data-field': 'logType'},
    ['event', 'flow'].map((type) => h('option', {value: type, selected: value('logType', 'event') === type}, type)));
  const owner = h('input', {id: 'ubc-owner', 'data-field': 'owner', value: value('owner', '')});
  const enabled = h('input', {id: 'ubc-enabled', type: 'checkbox', 'data-field': 'enabled', checked: value('enabled', true)});
  const params = h('input', {id: 'ubc-params', 'data-field': 'params', class: 'mono', value: value('params', []).join(', '),
    placeholder: 'page, channel'});
  const metrics = h('div', {'data-field': 'metrics', class: 'checks'}, METRICS.map((metric) =>
    h('label', {class: 'check'},
      h('input', {type: 'checkbox', name: 'metric', value: metric, checked: value('metrics', ['pv']).includes(metric)}),
      ' ', metric)));
  const save = h('button', {type: 'submit', class: 'primary', id: 'save-ubc-id'}, creating ? 'Create' : 'Save definition');
  const form = h('form', {class: 'form', id: 'ubc-form', novalidate: true, onsubmit: submit},
    h('div', {class: 'form-message'}),
    h('div', {class: 'form-grid'},
      field('UBC ID', id, creating ? '1 to 64 letters, digits, _ . -' : 'The ID cannot change.'),
      field('Name', name),
      field('Log type', logType, 'event logs count PV; flow logs also sum a duration'),
      field('Owner', owner, 'The team or person answering for it'),
      field('Business parameters', params, 'Comma-separated names of ext.<param> fields'),
      field('Metrics', metrics),
      field('Enabled', enabled)),
    field('Description', description),
    h('div', {class: 'actions'}, save, h('button', {type: 'button', onclick: onCancel}, 'Cancel')));
  return form;

  async function submit(event) {
    event.preventDefault();
    clearErrors(form);
    const body = {
      name: name.value,
      description: description.value,
      logType: logType.value,
      owner: owner.value,
      enabled: enabled.checked,
      params: params.value.split(',').map((p) => p.trim()).filter((p) => p !== ''),
      metrics: [...metrics.querySelectorAll('input:checked')].map((input) => input.value),
    };
    save.disabled = true;
    try {
      const answer = creating
        ? await api.createUbcId({id: id.value.trim(), ...body})
        : await api.putUbcId(ubc.id, body);
      showSaved(form, answer.changed ? `Saved as rule version ${answer.ruleVersion}.` : 'Nothing changed.');
      onSaved(answer);
    } catch (error) {
      showErrors(form, error);
    } finally {
      save.disabled = false;
    }
  }
}
