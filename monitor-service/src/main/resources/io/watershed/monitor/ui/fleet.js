// The fleet: agents as last heard on heartbeat, and the collector config of each agent group with
// an editor (each save stores the next version; agents pick it up on their next heartbeat).

import {api, ApiError} from './api.js';
import {h, fill, formatAge, formatBytes, formatTime, notice} from './dom.js';
import {flash, link, navigate} from './router.js';
import {clearErrors, field, showErrors} from './forms.js';

/** A heartbeat older than this is late; older than SILENT_SECONDS the agent looks gone. */
const LATE_SECONDS = 60;
const SILENT_SECONDS = 300;

export async function fleetPage(view, context) {
  context.setTitle('Fleet');
  const [agentsAnswer, configsAnswer] = await Promise.all([api.agents(), api.configs()]);
  if (!context.isCurrent()) return;
  const agents = agentsAnswer.agents;
  const configs = configsAnswer.configs;
  const latest = new Map(configs.map((config) => [config.group, config.version]));
  const now = Date.now();
  const agentRows = agents.map((agent) => {
    const age = (now - new Date(agent.lastHeartbeat).getTime()) / 1000;
    const health = age > SILENT_SECONDS ? 'silent' : age > LATE_SECONDS ? 'late' : 'ok';
    const status = agent.status || {};
    return h('tr', {'data-agent': agent.id},
      h('td', {class: 'mono'}, agent.id),
      h('td', {}, h('a', {href: link(['fleet', 'configs', agent.group])}, agent.group)),
      h('td', {}, agent.host),
      h('td', {title: formatTime(agent.lastHeartbeat)},
        h('span', {class: `badge ${health}`}, health === 'ok' ? 'live' : health), ' ', `${formatAge(agent.lastHeartbeat, now)} ago`),
      h('td', {class: 'num'}, String(agent.heartbeatCount)),
      h('td', {class: 'num'}, files(status)),
      h('td', {class: 'num'}, status.lagBytes === undefined ? '—' : formatBytes(status.lagBytes)),
      h('td', {class: 'num'}, String(agent.configVersion)),
      h('td', {}, agent.configUpToDate
        ? h('span', {class: 'badge ok config-state'}, 'current')
        : h('span', {class: 'badge late config-state'}, `outdated (group has v${latest.get(agent.group) || 0})`)));
  });
  const counts = new Map();
  agents.forEach((agent) => counts.set(agent.group, (counts.get(agent.group) || 0) + 1));
  const configRows = configs.map((config) => h('tr', {'data-group': config.group},
    h('td', {}, h('a', {href: link(['fleet', 'configs', config.group])}, config.group)),
    h('td', {class: 'num'}, String(config.version)),
    h('td', {}, config.format),
    h('td', {}, formatTime(config.createdAt)),
    h('td', {}, config.createdBy),
    h('td', {class: 'num'}, String(counts.get(config.group) || 0)),
    h('td', {}, h('a', {class: context.canWrite ? 'button small' : '', href: link(['fleet', 'configs', config.group])},
      context.canWrite ? 'Edit' : 'View'))));
  const groupName = h('input', {id: 'new-group', class: 'mono', placeholder: 'group name', 'aria-label': 'New group name'});
  const newGroup = context.canWrite ? h('form', {class: 'toolbar', id: 'new-group-form', 'data-edit': '', onsubmit: (event) => {
    event.preventDefault();
    if (groupName.value.trim()) navigate(link(['fleet', 'configs', groupName.value.trim()]));
  }}, groupName, h('button', {type: 'submit'}, 'New config group')) : null;
  fill(view,
    h('div', {class: 'page-head'},
      h('h1', {}, 'Fleet'),
      h('div', {class: 'links'},
        h('span', {class: 'muted'}, `as of ${formatTime(now)}`),
        h('button', {type: 'button', id: 'refresh', onclick: () => navigate(location.hash)}, 'Refresh'))),
    h('section', {class: 'card'},
      h('h2', {}, `Agents (${agents.length})`),
      h('p', {class: 'muted'}, `Live: a heartbeat in the last ${LATE_SECONDS} s; late: up to ${SILENT_SECONDS / 60} min; silent: older. `,
        'Lag is the bytes of followed files not yet sent.'),
      h('table', {class: 'data', id: 'agent-table'},
        h('thead', {}, h('tr', {}, ['Agent', 'Group', 'Host', 'Last heartbeat', 'Heartbeats', 'Files', 'Lag', 'Config version', 'Config']
          .map((c) => h('th', {}, c)))),
        h('tbody', {}, agentRows.length ? agentRows : h('tr', {}, h('td', {colspan: 9, class: 'muted'}, 'No agent has sent a heartbeat yet.'))))),
    h('section', {class: 'card'},
      h('div', {class: 'card-head'}, h('h2', {}, `Collector config groups (${configs.length})`), newGroup),
      h('table', {class: 'data', id: 'config-table'},
        h('thead', {}, h('tr', {}, ['Group', 'Version', 'Format', 'Stored', 'By', 'Agents', ''].map((c) => h('th', {}, c)))),
        h('tbody', {}, configRows.length ? configRows : h('tr', {}, h('td', {colspan: 7, class: 'muted'}, 'No collector config stored yet.'))))));
}

/** Files followed: the agent's filesTotal, or a count it sent as files. */
function files(status) {
  if (typeof status.filesTotal === 'number') return String(status.filesTotal);
  if (typeof status.files === 'number') return String(status.files);
  if (Array.isArray(status.files)) return String(status.files.length);
  return '—';
}

export async function configPage(view, context) {
  const group = context.parts[2];
  context.setTitle(`Config ${group}`);
  const version = context.params.get('version') || '';
  let config = null;
  try {
    config = await api.config(group, version);
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 404 || version) throw error;
  }
  const agents = (await api.agents()).agents.filter((agent) => agent.group === group);
  if (!context.isCurrent()) return;
  const newest = config ? (version ? await newestVersion(group) : config.version) : 0;
  if (!context.isCurrent()) return;
  const readOnly = !context.canWrite;
  const format = h('select', {id: 'config-format', 'data-field': 'format', disabled: readOnly},
    ['yaml', 'json'].map((name) => h('option', {value: name, selected: (config ? config.format : 'yaml') === name}, name)));
  const documentInput = h('textarea', {id: 'config-document', 'data-field': 'document', class: 'mono code', rows: 22,
    spellcheck: 'false', disabled: readOnly}, config ? config.document : '');
  const versions = h('select', {id: 'config-version', 'aria-label': 'Version', onchange: () =>
    navigate(link(['fleet', 'configs', group], {version: Number(versions.value) === newest ? '' : versions.value}))},
  Array.from({length: newest}, (_, index) => newest - index).map((v) =>
    h('option', {value: v, selected: config && config.version === v}, v === newest ? `v${v} (newest)` : `v${v}`)));
  const save = readOnly ? null : h('button', {type: 'submit', class: 'primary', id: 'save-config', 'data-edit': ''},
    config && config.version !== newest ? `Store v${config.version}'s text as v${newest + 1}` : 'Save as next version');
  const form = h('form', {class: 'form', id: 'config-form', novalidate: true, onsubmit: submit},
    h('div', {class: 'form-message'}),
    h('div', {class: 'form-grid'},
      field('Format', format, 'Sent as Content-Type application/yaml or application/json'),
      newest ? field('Version', versions) : null),
    field('Document', documentInput, 'The agents of this group get it on their next heartbeat; the same text again makes no new version.'),
    readOnly ? h('p', {class: 'muted'}, `Your role (${context.me.role}) reads configs only.`)
      : h('div', {class: 'actions'}, save, h('a', {class: 'button', href: '#/fleet'}, 'Cancel')));
  fill(view,
    h('nav', {class: 'crumbs'}, h('a', {href: '#/fleet'}, 'Fleet'), ' / ', group),
    h('div', {class: 'page-head'},
      h('h1', {}, 'Collector config ', h('span', {class: 'mono'}, group)),
      h('div', {class: 'links'},
        config ? h('span', {class: 'muted'}, `v${config.version}, stored ${formatTime(config.createdAt)} by ${config.createdBy}`) : null,
        h('a', {href: link(['audit'], {target: group})}, 'Audit log'))),
    config ? null : notice('info', `Group ${group} has no config yet: the first save stores version 1.`),
    h('section', {class: 'card'}, form),
    h('section', {class: 'card'},
      h('h2', {}, `Agents in ${group} (${agents.length})`),
      h('table', {class: 'data'},
        h('thead', {}, h('tr', {}, ['Agent', 'Host', 'Last heartbeat', 'Config version'].map((c) => h('th', {}, c)))),
        h('tbody', {}, agents.length ? agents.map((agent) => h('tr', {},
          h('td', {class: 'mono'}, agent.id), h('td', {}, agent.host),
          h('td', {}, `${formatAge(agent.lastHeartbeat)} ago`),
          h('td', {}, `v${agent.configVersion}`, ' ', agent.configUpToDate ? h('span', {class: 'badge ok'}, 'current') : h('span', {class: 'badge late'}, 'outdated'))))
          : h('tr', {}, h('td', {colspan: 4, class: 'muted'}, 'No agent of this group has sent a heartbeat.'))))));

  async function submit(event) {
    event.preventDefault();
    clearErrors(form);
    save.disabled = true;
    try {
      const answer = await api.putConfig(group, format.value, documentInput.value);
      flash(answer.changed ? `Stored ${group} as version ${answer.version}.` : `Nothing changed: version ${answer.version} has this text.`);
      navigate(link(['fleet', 'configs', group]));
    } catch (error) {
      showErrors(form, error);
      save.disabled = false;
    }
  }
}

async function newestVersion(group) {
  const configs = (await api.configs()).configs;
  const found = configs.find((config) => config.group === group);
  return found ? found.version : 0;
}
