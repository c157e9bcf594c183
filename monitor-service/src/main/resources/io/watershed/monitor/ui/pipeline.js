// Pipeline health from GET /v1/pipeline: the Flink jobs (state, uptime, the newest completed
// checkpoint, restarts, failed checkpoints), the jobs' watermarks, each lake table's last commit
// and the late-record rate. Each section stands on its own: one that is not configured or cannot
// be read says so, and the others still show.

import {api} from './api.js';
import {h, fill, formatAge, formatDuration, formatTime, notice} from './dom.js';
import {link, navigate} from './router.js';

/** Flink's job states by how they look: healthy, on the way, stopped, broken. */
const STATE_LOOKS = {
  RUNNING: 'ok',
  CREATED: 'late', INITIALIZING: 'late', RECONCILING: 'late', RESTARTING: 'late',
  CANCELLING: 'stopped', CANCELED: 'stopped', FINISHED: 'stopped',
  FAILING: 'silent', FAILED: 'silent', SUSPENDED: 'silent',
};

export async function pipelinePage(view, context) {
  context.setTitle('Pipeline');
  const answer = await api.pipeline();
  if (!context.isCurrent()) return;
  const now = answer.checked_at || Date.now();
  fill(view,
    h('div', {class: 'page-head'},
      h('h1', {}, 'Pipeline'),
      h('div', {class: 'links'},
        h('span', {class: 'muted', id: 'checked-at', 'data-checked-at': answer.checked_at}, `Checked ${formatTime(now)}`),
        h('button', {type: 'button', id: 'refresh', onclick: () => navigate(link(['pipeline']))}, 'Refresh'))),
    h('section', {class: 'card', id: 'flink-section'},
      h('h2', {}, 'Flink jobs'),
      section(answer.flink, () => jobsTable(answer.flink.jobs || [], now))),
    h('section', {class: 'card', id: 'watermark-section'},
      h('h2', {}, 'Watermarks'),
      section(answer.watermarks, () => watermarks(answer.watermarks, now))),
    h('div', {class: 'card-row'},
      h('section', {class: 'card', id: 'tables-section'},
        h('h2', {}, 'Lake tables'),
        section(answer.tables, () => tablesTable(answer.tables.tables || [], now))),
      h('section', {class: 'card', id: 'late-section'},
        h('h2', {}, 'Late records'),
        section(answer.late, () => lateRate(answer.late)))));
}

/** A section's content when it is ok, else what its status says. */
function section(part, content) {
  if (!part || part.status !== 'ok') {
    const status = part ? part.status : 'unavailable';
    const box = notice(status === 'not_configured' ? 'info' : 'error',
      status === 'not_configured' ? 'Not configured: ' : 'Unavailable: ',
      (part && part.message) || 'the service did not answer this part.');
    box.classList.add('section-status');
    box.dataset.status = status;
    return box;
  }
  return content();
}

function jobsTable(jobs, now) {
  const rows = jobs.map((job) => {
    const last = job.last_checkpoint;
    const checkpoints = job.checkpoints;
    return h('tr', {'data-job': job.name, 'data-state': job.state},
      h('td', {class: 'mono'}, job.name),
      h('td', {}, h('span', {class: `badge ${STATE_LOOKS[job.state] || ''}`, 'data-field': 'state'}, job.state)),
      h('td', {title: job.started_at ? `started ${formatTime(job.started_at)}` : null},
        job.state === 'RUNNING' ? formatDuration(job.running_for_ms) : '—'),
      h('td', {title: last && last.completed_at ? formatTime(last.completed_at) : null},
        last && last.completed_at ? `${formatAge(last.completed_at, now)} ago (#${last.id})` : 'none yet'),
      h('td', {class: 'num'}, last && last.duration_ms !== undefined ? formatDuration(last.duration_ms) : '—'),
      h('td', {class: 'num', 'data-field': 'restarts'}, job.restarts === undefined ? '—' : String(job.restarts)),
      h('td', {class: `num ${checkpoints && checkpoints.failed > 0 ? 'warn' : ''}`, 'data-field': 'failed-checkpoints'},
        checkpoints ? String(checkpoints.failed) : '—'));
  });
  return h('table', {class: 'data', id: 'flink-jobs'},
    h('caption', {class: 'muted'}, 'The newest run of each job on the Flink cluster.'),
    h('thead', {}, h('tr', {}, ['Job', 'State', 'Uptime', 'Last checkpoint', 'Took', 'Restarts', 'Failed checkpoints']
      .map((c, i) => h('th', {class: i >= 4 ? 'num' : null}, c)))),
    h('tbody', {}, rows.length ? rows : h('tr', {}, h('td', {colspan: 7, class: 'muted'}, 'Flink runs no job.'))));
}

function watermarks(part, now) {
  const windows = part.watermark;
  const jobs = part.jobs || [];
  return [
    h('p', {class: 'watermark-line', id: 'pipeline-watermark', 'data-watermark': windows === undefined ? '' : String(windows)},
      h('strong', {}, "UBC windows' watermark: "),
      windows === undefined ? 'none yet' : `${formatTime(windows)} (${formatAge(windows, now)} behind)`,
      h('span', {class: 'muted'}, ' · windows that end at or before it are final')),
    h('table', {class: 'data compact', id: 'job-watermarks'},
      h('thead', {}, h('tr', {}, ['Job', 'Source', 'Watermark', 'Behind', 'Updated'].map((c) => h('th', {}, c)))),
      h('tbody', {}, jobs.length ? jobs.map((job) => h('tr', {'data-job': job.job},
        h('td', {class: 'mono'}, job.job),
        h('td', {class: 'mono'}, job.source),
        h('td', {}, formatTime(job.watermark)),
        h('td', {}, job.watermark === undefined ? '—' : formatAge(job.watermark, now)),
        h('td', {}, job.updated_at === undefined ? '—' : `${formatAge(job.updated_at, now)} ago`)))
        : h('tr', {}, h('td', {colspan: 5, class: 'muted'}, 'No job has published a watermark yet.')))),
  ];
}

function tablesTable(tables, now) {
  return h('table', {class: 'data compact', id: 'lake-tables'},
    h('thead', {}, h('tr', {}, ['Table', 'Last commit', 'Age', 'Snapshots', 'Records'].map((c, i) =>
      h('th', {class: i >= 3 ? 'num' : null}, c)))),
    h('tbody', {}, tables.map((table) => h('tr', {'data-table': table.table, 'data-last-commit': table.last_commit === undefined ? '' : String(table.last_commit)},
      h('td', {class: 'mono'}, table.table),
      h('td', {title: table.operation || null}, table.last_commit === undefined ? 'never' : formatTime(table.last_commit)),
      h('td', {}, table.last_commit === undefined ? '—' : formatAge(table.last_commit, now)),
      h('td', {class: 'num'}, String(table.snapshots)),
      h('td', {class: 'num', title: 'in its data files, deletes not subtracted'},
        table.total_records === undefined ? '—' : Number(table.total_records).toLocaleString('en-US'))))));
}

function lateRate(part) {
  const rate = part.rate === undefined ? null : part.rate;
  return h('div', {id: 'late-rate', 'data-from': part.from, 'data-to': part.to, 'data-late': part.late,
    'data-counted': part.counted, 'data-rate': rate === null ? '' : String(rate)},
    h('p', {class: 'big-number'}, rate === null ? '—' : `${(rate * 100).toFixed(rate < 0.001 && rate > 0 ? 3 : 2)} %`),
    h('p', {}, `${Number(part.late).toLocaleString('en-US')} late of ${Number(part.late + part.counted).toLocaleString('en-US')} records `,
      `reported ${formatTime(part.from)} – ${formatTime(part.to)}`,
      part.up_to === 'watermark' ? ' (the hour up to the watermark).' : ' (the last hour: no watermark yet).'),
    h('p', {class: 'muted'}, 'Late records arrived after their minute had closed: they are kept in ubc.late, not counted in the windows.'));
}
