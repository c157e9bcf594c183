// Hash routing: #/page/part?param=value. A view's whole state is in the URL, so a copied URL
// reproduces it.

let renderer = () => {};

/** The current route: path parts (decoded) and query parameters of the hash. */
export function route() {
  const hash = location.hash.replace(/^#\/?/, '');
  const index = hash.indexOf('?');
  const path = index < 0 ? hash : hash.slice(0, index);
  const query = index < 0 ? '' : hash.slice(index + 1);
  const parts = path.split('/').filter((part) => part !== '').map(decodeURIComponent);
  return {parts, params: new URLSearchParams(query)};
}

/** A hash for parts and parameters; empty parameters are left out. */
export function link(parts, params = {}) {
  const path = parts.map((part) => encodeURIComponent(part)).join('/');
  const query = new URLSearchParams();
  const entries = params instanceof URLSearchParams ? [...params.entries()] : Object.entries(params);
  for (const [name, value] of entries) {
    if (value !== null && value !== undefined && value !== '' && value !== false) query.set(name, value);
  }
  const text = query.toString();
  return `#/${path}${text ? `?${text}` : ''}`;
}

/** Shows the view of a hash; replace keeps the browser history as it is. */
export function navigate(hash, replace = false) {
  if (replace) {
    history.replaceState(null, '', hash);
    renderer();
  } else if (location.hash === hash) {
    renderer();
  } else {
    location.hash = hash;
  }
}

/** Sets what renders the current route, on every hash change and on navigate. */
export function onRoute(render) {
  renderer = render;
  window.addEventListener('hashchange', render);
}

let pending = null;

/** A message for the next view shown (e.g. "Saved" after a save that re-renders the page). */
export function flash(text) {
  pending = text;
}

/** The message left for this view, once. */
export function takeFlash() {
  const text = pending;
  pending = null;
  return text;
}
