// The dashboard of one UBC ID: a time series from GET /v1/series drawn with uPlot, one line per
// series, dashed lines for the day and week before, a vertical line at the watermark and the
// region from provisional_from shaded as provisional (the running minutes from the monitoring
// queue when the server reads it). Every control is a URL parameter, so the URL
// reproduces the view:
//   ubc, metric (pv|duration|avg_duration|devices), step (1m|5m|1h),
//   range (15m|1h|6h|24h|7d) or from and to (epoch ms), d1..d6 (filters), group (d1..d6), top,
//   compare (day,week).

import uPlot from './lib/uPlot.esm.js';
import {api, ApiError} from './api.js';
import {h, fill, formatTime, notice} from './dom.js';
import {link, navigate} from './router.js';

const METRICS = [
  ['pv', 'Page views (PV)', false],
  ['duration', 'Total duration (ms)', true],
  ['avg_duration', 'Average duration (ms)', true],
  ['devices', 'Distinct devices', false],
];
const STEPS = [['1m', '1 minute'], ['5m', '5 minutes'], ['1h', '1 hour']];
const RANGES = [['15m', 15 * 60e3], ['1h', 3600e3], ['6h', 6 * 3600e3], ['24h', 24 * 3600e3], ['7d', 7 * 24 * 3600e3]];
const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#17becf', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22'];
const COMPARE = [['day', 'a day before'], ['week', 'a week before']];

export async function dashboardPage(view, context) {
  context.setTitle('Dashboard');
  const params = context.params;
  const list = (await api.ubcIds()).ubcIds;
  if (!context.isCurrent()) return;
  if (list.length === 0) {
    fill(view, h('h1', {}, 'Dashboard'), notice('info', 'No UBC ID is defined yet: add one in the metadata editor.'));
    return;
  }
  const ubc = list.find((u) => u.id === params.get('ubc')) || list[0];
  const state = {
    ubc: ubc.id,
    metric: params.get('metric') || 'pv',
    step: params.get('step') || '1m',
    range: params.get('range') || (params.get('from') ? '' : '1h'),
    from: params.get('from') || '',
    to: params.get('to') || '',
    group: params.get('group') || '',
    top: params.get('top') || '',
    compare: (params.get('compare') || '').split(',').filter((c) => c !== ''),
    filters: Object.fromEntries([1, 2, 3, 4, 5, 6].map((slot) => [`d${slot}`, params.get(`d${slot}`) || ''])),
  };

  const controls = controlsForm(list, ubc, state);
  const status = h('div', {id: 'series-status'});
  const chart = h('div', {id: 'chart', class: 'chart'});
  const legend = h('p', {class: 'legend-note muted'},
    h('span', {class: 'key solid'}), ' the range  ',
    h('span', {class: 'key dashed'}), ' a day / week before  ',
    h('span', {class: 'key watermark'}), ' watermark  ',
    h('span', {class: 'key provisional'}), ' provisional (not final yet: may still change)');
  const data = h('div', {id: 'series-data'});
  fill(view,
    h('div', {class: 'page-head'},
      h('h1', {}, 'Dashboard ', h('span', {class: 'mono'}, ubc.id), ' ', h('span', {class: 'subtle'}, ubc.name)),
      h('div', {class: 'links'}, h('a', {href: link(['ubc-ids', ubc.id])}, 'Metadata'))),
    h('section', {class: 'card'}, controls),
    h('section', {class: 'card'}, status, chart, legend, data));

  const query = seriesQuery(state);
  fill(status, h('p', {class: 'muted'}, 'Loading the series…'));
  let answer;
  try {
    answer = await api.series(query);
  } catch (error) {
    if (!context.isCurrent()) return;
    chart.hidden = true;
    legend.hidden = true;
    if (error instanceof ApiError && error.noRoute) {
      const box = notice('info', h('strong', {}, 'The time-series API is not available on this server yet. '),
        'This dashboard draws from ', h('code', {}, 'GET /v1/series'), ', which this monitor service does not serve ',
        '(it answered 404). The controls and the URL work already; the chart appears once the API is deployed.');
      box.id = 'series-unavailable';
      fill(status, box);
    } else if (error instanceof ApiError && error.code === 'query_unavailable') {
      // the query API is off on this server, or Trino cannot answer now: the service says which
      const box = notice('info', h('strong', {}, 'The series cannot be read now. '), error.message);
      box.id = 'series-unavailable';
      fill(status, box);
    } else {
      fill(status, notice('error', error.message,
        error.violations && error.violations.length
          ? h('ul', {}, error.violations.map((v) => h('li', {}, `${v.field}: ${v.message}`)))
          : null));
    }
    return;
  }
  if (!context.isCurrent()) return;
  draw(answer, status, chart, data);
}

function controlsForm(list, ubc, state) {
  const ubcSelect = h('select', {id: 'ubc', name: 'ubc'}, list.map((u) =>
    h('option', {value: u.id, selected: u.id === ubc.id}, `${u.id} — ${u.name}`)));
  const metric = h('select', {id: 'metric', name: 'metric'}, METRICS.map(([value, label, flowOnly]) =>
    h('option', {value, selected: value === state.metric, disabled: flowOnly && ubc.logType !== 'flow'},
      flowOnly && ubc.logType !== 'flow' ? `${label} (flow logs only)` : label)));
  const step = h('select', {id: 'step', name: 'step'}, STEPS.map(([value, label]) =>
    h('option', {value, selected: value === state.step}, label)));
  const range = h('select', {id: 'range', name: 'range'},
    RANGES.map(([value]) => h('option', {value, selected: value === state.range}, `last ${value}`)),
    h('option', {value: '', selected: state.range === ''}, 'custom'));
  const from = h('input', {id: 'from', type: 'datetime-local', value: localInput(state.from)});
  const to = h('input', {id: 'to', type: 'datetime-local', value: localInput(state.to)});
  const custom = h('div', {class: 'custom-range'}, labelled('From', from), labelled('To', to));
  const showCustom = () => { custom.hidden = range.value !== ''; };
  range.addEventListener('change', showCustom);
  showCustom();
  const filters = ubc.dimensions.map((d) => {
    const values = d.mapping === 'many-to-one' ? [...new Set([...d.groups.map((g) => g.group), d.defaultGroup])] : [];
    return labelled(`${d.column} ${d.label || d.source}`,
      h('input', {id: `filter-${d.column}`, name: d.column, class: 'mono filter', value: state.filters[d.column],
        placeholder: 'any', list: values.length ? `values-${d.column}` : null}),
      values.length ? h('datalist', {id: `values-${d.column}`}, values.map((value) => h('option', {value}))) : null);
  });
  const group = h('select', {id: 'group', name: 'group'},
    h('option', {value: '', selected: state.group === ''}, 'no grouping'),
    ubc.dimensions.map((d) => h('option', {value: d.column, selected: d.column === state.group}, `${d.column} ${d.label || d.source}`)));
  const top = h('input', {id: 'top', name: 'top', type: 'number', min: 1, max: 50, value: state.top, placeholder: '5'});
  const compare = COMPARE.map(([value, label]) => h('label', {class: 'check'},
    h('input', {type: 'checkbox', name: 'compare', value, checked: state.compare.includes(value)}), ` ${label}`));
  const form = h('form', {id: 'dashboard-controls', class: 'controls', onsubmit: (event) => {
    event.preventDefault();
    const params = {
      ubc: ubcSelect.value,
      metric: metric.value,
      step: step.value,
      range: range.value,
      from: range.value === '' && from.value ? String(new Date(from.value).getTime()) : '',
      to: range.value === '' && to.value ? String(new Date(to.value).getTime()) : '',
    };
    if (ubcSelect.value === ubc.id) {
      for (const input of form.querySelectorAll('input.filter')) params[input.name] = input.value.trim();
      params.group = group.value;
      params.top = group.value ? top.value : '';
    }
    params.compare = [...form.querySelectorAll('input[name=compare]:checked')].map((input) => input.value).join(',');
    navigate(link(['dashboard'], params));
  }},
  h('div', {class: 'control-row'},
    labelled('UBC ID', ubcSelect), labelled('Metric', metric), labelled('Step', step), labelled('Range', range), custom),
  h('div', {class: 'control-row'}, filters.length ? filters : h('span', {class: 'muted'}, 'No dimensions to filter on.')),
  h('div', {class: 'control-row'},
    labelled('Group by', group), labelled('Top', top),
    h('div', {class: 'field'}, h('label', {}, 'Compare with'), h('div', {class: 'checks'}, compare)),
    h('div', {class: 'field end'}, h('button', {type: 'submit', class: 'primary', id: 'apply'}, 'Apply'))));
  return form;
}

function labelled(text, input, extra) {
  return h('div', {class: 'field'}, h('label', {for: input.id}, text), input, extra || null);
}

/** The GET /v1/series parameters of a view. */
function seriesQuery(state) {
  const now = Date.now();
  const span = (RANGES.find(([value]) => value === state.range) || [null, 3600e3])[1];
  const query = {
    ubc: state.ubc,
    metric: state.metric,
    step: state.step,
    from: state.range ? String(now - span) : state.from,
    to: state.range ? String(now) : state.to,
    group: state.group,
    top: state.group ? state.top || '5' : '',
    compare: state.compare.join(','),
  };
  for (const [name, value] of Object.entries(state.filters)) query[name] = value;
  return query;
}

/** "2026-12-01T10:00" for a datetime-local input, from epoch ms. */
function localInput(ms) {
  if (!ms) return '';
  const date = new Date(Number(ms));
  if (Number.isNaN(date.getTime())) return '';
  const pad = (n) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** The compare series of one kind: a list of {name, values}, or one array of values. */
function compareSeries(answer, kind, label) {
  const raw = answer.compare && answer.compare[kind];
  if (!Array.isArray(raw) || raw.length === 0) return [];
  if (typeof raw[0] === 'number' || raw[0] === null) {
    return [{name: `${answer.series.length === 1 ? answer.series[0].name : answer.metric} (${label})`, values: raw, index: 0}];
  }
  return raw.map((s, i) => {
    const index = answer.series.findIndex((own) => own.name === s.name);
    return {name: `${s.name} (${label})`, values: s.values, index: index < 0 ? i : index};
  });
}

function draw(answer, status, chart, data) {
  const timestamps = answer.timestamps || [];
  const series = answer.series || [];
  const compares = COMPARE.flatMap(([kind, label]) => compareSeries(answer, kind, label).map((s) => ({...s, kind})));
  const provisional = provisionalStart(answer);
  fill(status, h('p', {class: 'watermark-line', id: 'watermark', 'data-watermark': msText(answer.watermark),
    'data-final-until': msText(answer.final_until), 'data-provisional-from': msText(provisional)},
    h('strong', {}, 'Watermark: '), answer.watermark === null || answer.watermark === undefined ? 'unknown' : formatTime(answer.watermark),
    '  ·  ', h('strong', {}, 'final until: '), answer.final_until === null || answer.final_until === undefined ? '—' : formatTime(answer.final_until),
    '  ·  ', `${timestamps.length} window(s) of ${answer.step}, ${series.length} series`,
    answer.live ? '  ·  provisional points: live minutes' : null),
  answer.lake === false
    ? notice('info', h('strong', {}, 'Final windows unavailable: '),
      'the lake did not answer, so only the live minutes are shown; final points are empty, not zero.')
    : null);
  if (timestamps.length === 0) {
    fill(chart, notice('info', 'No windows in this range.'));
    fill(data);
    return;
  }
  const width = Math.max(320, chart.clientWidth || 900);
  const options = {
    width,
    height: 380,
    ms: 1,
    scales: {x: {time: true, range: () => [Number(answer.from), Number(answer.to)]}},
    series: [
      {label: 'Time', value: (u, v) => (v === null || v === undefined ? '—' : formatTime(v))},
      ...series.map((s, i) => ({label: s.name, stroke: COLORS[i % COLORS.length], width: 2, points: {show: timestamps.length < 60}})),
      ...compares.map((s) => ({label: s.name, stroke: COLORS[s.index % COLORS.length] + '99', width: 1.5, dash: s.kind === 'week' ? [2, 4] : [8, 5],
        points: {show: false}})),
    ],
    axes: [{}, {size: 70}],
    hooks: {
      drawClear: [(u) => shadeProvisional(u, provisional)],
      draw: [(u) => markWatermark(u, answer.watermark)],
    },
  };
  const plotted = [timestamps, ...series.map((s) => s.values), ...compares.map((s) => s.values)];
  chart.replaceChildren();
  const plot = new uPlot(options, plotted, chart);
  chart.plot = plot;
  const resize = new ResizeObserver(() => {
    if (!chart.isConnected) {
      resize.disconnect();
      plot.destroy();
      return;
    }
    plot.setSize({width: Math.max(320, chart.clientWidth), height: 380});
  });
  resize.observe(chart);
  // the plotted numbers as a table: for readers of the numbers and for screen readers; each row
  // carries its window start (data-t, epoch ms) and each cell its exact value (data-value)
  fill(data, h('details', {},
    h('summary', {}, 'Data'),
    h('table', {class: 'data compact', id: 'series-table'},
      h('caption', {class: 'muted'}, `The plotted values: one row per window of ${answer.step}; shaded rows are provisional.`),
      h('thead', {}, h('tr', {}, h('th', {}, 'Window start'), [...series, ...compares].map((s) =>
        h('th', {class: 'num', 'data-series': s.name}, s.name)))),
      h('tbody', {}, timestamps.map((t, row) => h('tr', {'data-t': String(t),
        class: provisional !== null && t >= provisional ? 'provisional' : ''},
      h('td', {}, formatTime(t)),
      [...series, ...compares].map((s) => {
        const value = s.values[row];
        const known = value !== null && value !== undefined;
        return h('td', {class: 'num', 'data-value': known ? String(value) : ''}, known ? String(value) : '—');
      })))))));
}

/** Epoch ms as attribute text; empty when unknown. */
function msText(ms) {
  return ms === null || ms === undefined ? '' : String(ms);
}

/**
 * Where the provisional points start: provisional_from, else final_until (an answer leaves out
 * provisional_from when every point is final, and final_until is then its end); null for none.
 */
function provisionalStart(answer) {
  for (const value of [answer.provisional_from, answer.final_until]) {
    if (value !== null && value !== undefined) return Number(value);
  }
  return null;
}

/** Shades the plot area from the first provisional point on: those windows may still change. */
function shadeProvisional(u, start) {
  if (start === null) return;
  const {left, top, width, height} = u.bbox;
  const from = Math.max(left, u.valToPos(start, 'x', true));
  if (from >= left + width) return;
  u.ctx.save();
  u.ctx.fillStyle = 'rgba(245, 166, 35, 0.14)';
  u.ctx.fillRect(from, top, left + width - from, height);
  u.ctx.restore();
}

/** A vertical line at the watermark: data before it never changes. */
function markWatermark(u, watermark) {
  if (watermark === null || watermark === undefined) return;
  const {left, top, width, height} = u.bbox;
  const x = Math.round(u.valToPos(watermark, 'x', true));
  if (x < left || x > left + width) return;
  const ratio = window.devicePixelRatio || 1;
  u.ctx.save();
  u.ctx.strokeStyle = '#b03a2e';
  u.ctx.lineWidth = 2 * ratio;
  u.ctx.setLineDash([5 * ratio, 4 * ratio]);
  u.ctx.beginPath();
  u.ctx.moveTo(x, top);
  u.ctx.lineTo(x, top + height);
  u.ctx.stroke();
  u.ctx.setLineDash([]);
  u.ctx.fillStyle = '#b03a2e';
  u.ctx.font = `${11 * ratio}px sans-serif`;
  u.ctx.fillText('watermark', x + 4 * ratio, top + 12 * ratio);
  u.ctx.restore();
}
