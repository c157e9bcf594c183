// The shell: sign-in state, the navigation bar, and which page shows for the route.

import {api, session, ApiError} from './api.js';
import {h, fill, notice} from './dom.js';
import {route, link, navigate, onRoute, takeFlash} from './router.js';
import {signInPage} from './signin.js';
import {ubcListPage, ubcPage, newUbcIdPage} from './ubc.js';
import {dimensionPage} from './dimension.js';
import {historyPage} from './history.js';
import {auditPage} from './audit.js';
import {fleetPage, configPage} from './fleet.js';
import {dashboardPage} from './dashboard.js';
import {pipelinePage} from './pipeline.js';

const main = document.getElementById('main');
let me = null;
let rendering = 0;

function pageFor(parts) {
  const [first, second, third] = parts;
  switch (first) {
    case undefined:
    case 'ubc-ids':
      if (second === undefined) return ['ubc-ids', ubcListPage];
      if (third === undefined) return ['ubc-id', ubcPage];
      if (third === 'history') return ['history', historyPage];
      if (/^d[1-6]$/.test(third)) return ['dimension', dimensionPage];
      return null;
    case 'new-ubc-id':
      return ['new-ubc-id', newUbcIdPage];
    case 'audit':
      return ['audit', auditPage];
    case 'fleet':
      if (second === undefined) return ['fleet', fleetPage];
      if (second === 'configs') return ['config', configPage];
      return null;
    case 'dashboard':
      return ['dashboard', dashboardPage];
    case 'pipeline':
      return second === undefined ? ['pipeline', pipelinePage] : null;
    default:
      return null;
  }
}

function showWho() {
  document.getElementById('nav').hidden = !me;
  document.getElementById('who').hidden = !me;
  if (me) {
    document.getElementById('who-name').textContent = me.name;
    document.getElementById('who-role').textContent = me.role;
  }
}

function markNav(name) {
  const section = {'ubc-ids': 'ubc-ids', 'ubc-id': 'ubc-ids', dimension: 'ubc-ids', history: 'ubc-ids',
    'new-ubc-id': 'ubc-ids', audit: 'audit', fleet: 'fleet', config: 'fleet', dashboard: 'dashboard',
    pipeline: 'pipeline'}[name];
  for (const anchor of document.querySelectorAll('#nav a')) {
    anchor.classList.toggle('active', anchor.dataset.page === section);
  }
}

async function render() {
  const ticket = ++rendering;
  const {parts, params} = route();
  if (parts[0] === 'signin' || !session.token()) {
    me = null;
    showWho();
    const next = parts[0] === 'signin' ? params.get('next') : location.hash;
    const view = h('div', {class: 'view'});
    fill(main, view);
    main.dataset.page = 'signin';
    main.dataset.state = 'ready';
    document.title = 'Sign in · Watershed monitor';
    signInPage(view, {next, onSignedIn: signedIn});
    return;
  }
  if (!me) {
    try {
      me = await api.whoami();
    } catch (error) {
      if (ticket !== rendering) return;
      if (!(error instanceof ApiError) || error.status !== 401) {
        fill(main, notice('error', error.message));
        return;
      }
      return; // onUnauthenticated went to the sign-in page
    }
    if (ticket !== rendering) return;
  }
  showWho();
  const page = pageFor(parts);
  const view = h('div', {class: 'view'});
  fill(main, view);
  main.dataset.state = 'loading';
  if (!page) {
    main.dataset.page = 'missing';
    markNav(null);
    fill(view, h('h1', {}, 'No such page'), h('p', {}, h('a', {href: '#/ubc-ids'}, 'Go to the UBC IDs')));
    main.dataset.state = 'ready';
    return;
  }
  const [name, show] = page;
  main.dataset.page = name;
  const message = takeFlash();
  markNav(name);
  const context = {
    me,
    canWrite: me.permissions.includes('write'),
    parts,
    params,
    isCurrent: () => ticket === rendering,
    setTitle: (title) => { document.title = `${title} · Watershed monitor`; },
  };
  try {
    await show(view, context);
    if (message && ticket === rendering) view.prepend(notice('ok', message));
  } catch (error) {
    if (ticket !== rendering) return;
    if (error instanceof ApiError && error.status === 401) return;
    view.append(notice('error', error.message));
  }
  if (ticket === rendering) main.dataset.state = 'ready';
}

function signedIn(who, next) {
  me = who;
  navigate(next && !next.startsWith('#/signin') ? next : '#/ubc-ids');
}

api.onUnauthenticated = () => {
  session.signOut();
  me = null;
  const next = location.hash.startsWith('#/signin') ? '' : location.hash;
  navigate(link(['signin'], {next}), true);
};

document.getElementById('sign-out').addEventListener('click', () => {
  session.signOut();
  me = null;
  navigate('#/signin');
});

onRoute(render);
render();
