// Sign-in: the user pastes an API token; GET /v1/whoami checks it and tells its name and role.

import {api, session, ApiError} from './api.js';
import {h, fill, notice} from './dom.js';

export function signInPage(view, {next, onSignedIn}) {
  const message = h('div', {id: 'sign-in-message'});
  const input = h('input', {
    id: 'token', type: 'password', name: 'token', autocomplete: 'off', spellcheck: 'false',
    required: true, placeholder: 'paste your token', 'aria-describedby': 'token-help',
  });
  const button = h('button', {id: 'sign-in', type: 'submit', class: 'primary'}, 'Sign in');
  const form = h('form', {class: 'card signin', onsubmit: submit},
    h('h1', {}, 'Sign in'),
    h('p', {id: 'token-help', class: 'muted'},
      'Paste an API token: a viewer token reads, an editor token also changes rules and collector configs, ',
      'an admin token also manages tokens. It is kept in this browser tab only (sessionStorage) and sent as ',
      h('code', {}, 'Authorization: Bearer …'), '.'),
    h('label', {for: 'token'}, 'Token'),
    input,
    message,
    h('div', {class: 'actions'}, button));
  fill(view, form);
  input.focus();

  async function submit(event) {
    event.preventDefault();
    const token = input.value.trim();
    if (!token) return;
    button.disabled = true;
    fill(message);
    session.signIn(token);
    try {
      const who = await whoamiWithoutRedirect();
      onSignedIn(who, next);
    } catch (error) {
      session.signOut();
      const text = error instanceof ApiError && error.status === 401
        ? 'This token is not known to the monitor service (revoked, or never issued).'
        : error.message;
      fill(message, notice('error', text));
      button.disabled = false;
    }
  }
}

/** whoami without the global 401 handler, which would re-render the sign-in page. */
async function whoamiWithoutRedirect() {
  const handler = api.onUnauthenticated;
  api.onUnauthenticated = null;
  try {
    return await api.whoami();
  } finally {
    api.onUnauthenticated = handler;
  }
}
