// Parley Console: a single-page app served by the server at /console/. Every call goes to the
// same origin: /console/api/… (session cookie + the X-Parley-Console header, which a cross-site
// form cannot send) and /metrics. The DOM is built with createElement/textContent only, so no
// value from the server is ever parsed as HTML.

type Json = Record<string, unknown>;
type Child = Node | string | null | undefined | false;

const API = '/console/api/';
const PAGES = ['overview', 'users', 'channels', 'tokens', 'events'] as const;
type Page = (typeof PAGES)[number];

interface SessionInfo { state: 'signed_in' | 'open' | 'signed_out'; dev_mode: boolean; apps: string[]; scope: string }

let session: SessionInfo = { state: 'signed_out', dev_mode: false, apps: [], scope: '' };
let app = '';
let stopPage: (() => void) | null = null;

function h(tag: string, attrs: Record<string, string | ((e: Event) => void)> = {}, ...children: Child[]): HTMLElement {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (typeof v === 'function') el.addEventListener(k, v);
    else el.setAttribute(k, v);
  }
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.append(typeof c === 'string' ? document.createTextNode(c) : c);
  }
  return el;
}

function byId(id: string): HTMLElement {
  const el = document.getElementById(id);
  if (!el) throw new Error('missing #' + id);
  return el;
}

class ApiError extends Error {
  constructor(readonly status: number, readonly body: Json) {
    super(String(body['message'] ?? body['code'] ?? status));
  }
}

async function call(method: string, path: string, body?: unknown): Promise<Json> {
  const res = await fetch(API + path, {
    method,
    credentials: 'same-origin',
    headers: { 'X-Parley-Console': '1', ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  const json = (text ? JSON.parse(text) : {}) as Json;
  if (res.status === 401 && path !== 'session') {
    await refreshSession();
  }
  if (!res.ok) throw new ApiError(res.status, json);
  return json;
}

const admin = (method: string, path: string, body?: unknown) => call(method, 'admin/' + path, body);
const appPath = (rest: string) => `apps/${encodeURIComponent(app)}/${rest}`;
const seg = (s: string) => encodeURIComponent(s);

function outcome(el: HTMLElement, ok: boolean, text: string): void {
  el.className = 'outcome ' + (ok ? 'ok' : 'bad');
  el.textContent = text;
}

async function attempt(el: HTMLElement, fn: () => Promise<Json>, show: (j: Json) => string): Promise<void> {
  try {
    const j = await fn();
    outcome(el, true, show(j));
  } catch (e) {
    outcome(el, false, e instanceof ApiError ? `${e.status} ${String(e.body['code'] ?? '')}: ${e.message}` : String(e));
  }
}

// ------------------------------------------------------------------------------- session

async function refreshSession(): Promise<void> {
  session = (await call('GET', 'session')) as unknown as SessionInfo;
  if (!app || !session.apps.includes(app)) app = session.apps[0] ?? '';
}

function renderChrome(page: Page | null): void {
  const nav = byId('nav');
  nav.replaceChildren();
  const who = byId('who');
  who.replaceChildren();
  const banner = byId('banner');
  banner.hidden = !session.dev_mode;
  banner.textContent = session.dev_mode
    ? session.state === 'open'
      ? 'Dev mode: any app id logs in without a token, and this console is open to loopback clients without a secret.'
      : 'Dev mode: any app id logs in without a token.'
    : '';
  if (session.state === 'signed_out') return;
  for (const p of PAGES) {
    nav.append(h('a', { href: '#/' + p, class: p === page ? 'active' : '', 'data-page': p }, p[0]!.toUpperCase() + p.slice(1)));
  }
  const picker = h('select', { id: 'app-picker', change: (e) => { app = (e.target as HTMLSelectElement).value; route(); } }) as
    HTMLSelectElement;
  for (const a of session.apps) picker.append(h('option', { value: a }, a));
  picker.value = app;
  who.append('App ', picker, ' ');
  if (session.state === 'signed_in') {
    who.append(h('button', { class: 'secondary', id: 'sign-out', click: async () => {
      await call('DELETE', 'session');
      await refreshSession();
      route();
    } }, 'Sign out'));
  }
}

function signIn(main: HTMLElement): void {
  const secret = h('input', { type: 'password', id: 'secret', placeholder: 'admin secret', autocomplete: 'off' }) as HTMLInputElement;
  const result = h('p', { class: 'outcome' });
  main.append(h('div', { class: 'panel' },
    h('h3', {}, 'Sign in'),
    h('p', { class: 'muted' }, 'Use the server\'s admin secret or an app\'s own admin secret. It is kept by the server in an HttpOnly cookie session, never in the URL.'),
    h('form', { submit: async (e) => {
      e.preventDefault();
      try {
        await call('POST', 'session', { secret: secret.value });
        secret.value = '';
        await refreshSession();
        route();
      } catch (err) {
        outcome(result, false, err instanceof ApiError && err.status === 401 ? 'Unknown secret' : String(err));
      }
    } }, secret, h('button', { type: 'submit', id: 'sign-in' }, 'Sign in')),
    result));
}

// ------------------------------------------------------------------------------ overview

/** A few series of the Prometheus text the server exposes at /metrics. */
function parseMetrics(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const sp = line.lastIndexOf(' ');
    const name = line.slice(0, sp);
    const value = Number(line.slice(sp + 1));
    if (!Number.isNaN(value)) out.set(name, value);
  }
  return out;
}

function sum(m: Map<string, number>, prefix: string, filter: (series: string) => boolean = () => true): number {
  let total = 0;
  for (const [k, v] of m) if ((k === prefix || k.startsWith(prefix + '{')) && filter(k)) total += v;
  return total;
}

function sparkline(values: number[]): SVGSVGElement {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', '0 0 100 40');
  svg.setAttribute('preserveAspectRatio', 'none');
  const max = Math.max(1, ...values);
  const pts = values.map((v, i) => `${(i / Math.max(1, values.length - 1)) * 100},${38 - (v / max) * 36}`);
  const line = document.createElementNS(ns, 'polyline');
  line.setAttribute('points', pts.join(' '));
  svg.append(line);
  return svg;
}

function overview(main: HTMLElement): () => void {
  const cards = h('div', { class: 'cards' });
  const codes = h('table', {});
  const nodes = h('div', { class: 'panel' }, h('h3', {}, 'Nodes'));
  const apps = h('div', { class: 'panel' }, h('h3', {}, 'Apps'));
  main.append(cards, h('div', { class: 'split' },
    h('div', {}, h('div', { class: 'panel' }, h('h3', {}, 'Peer message outcomes (since start)'), codes)),
    h('div', {}, nodes, apps)));
  const history: Record<string, number[]> = {};
  let last: { at: number; m: Map<string, number> } | null = null;
  const tick = async () => {
    const m = parseMetrics(await (await fetch('/metrics')).text());
    const now = Date.now();
    const rate = (name: string) => last ? Math.max(0, (sum(m, name) - sum(last.m, name)) / ((now - last.at) / 1000)) : 0;
    const values: Array<[string, string, number]> = [
      ['sessions', 'Sessions', sum(m, 'parley_sessions')],
      ['connections', 'Connections', sum(m, 'parley_connections_open')],
      ['channels', 'Channels', sum(m, 'parley_channels')],
      ['peer', 'Peer messages/s', rate('parley_peer_messages_total')],
      ['channel', 'Channel messages/s', rate('parley_channel_messages_total')],
      ['deliveries', 'Deliveries/s', rate('parley_deliveries_total')],
    ];
    last = { at: now, m };
    cards.replaceChildren();
    for (const [key, label, value] of values) {
      const series = (history[key] ??= []);
      series.push(value);
      if (series.length > 60) series.shift();
      cards.append(h('div', { class: 'card', 'data-metric': key },
        h('div', { class: 'label' }, label),
        h('div', { class: 'value' }, Number.isInteger(value) ? String(value) : value.toFixed(1)),
        sparkline(series)));
    }
    codes.replaceChildren(h('tr', {}, h('th', {}, 'Outcome'), h('th', {}, 'Count')));
    for (const [k, v] of m) {
      const code = /^parley_peer_messages_total\{code="([^"]+)"\}$/.exec(k)?.[1];
      if (code) codes.append(h('tr', {}, h('td', {}, code), h('td', {}, String(v))));
    }
  };
  const slow = async () => {
    const n = await admin('GET', 'nodes');
    nodes.replaceChildren(h('h3', {}, `Nodes (${String(n['mode'])})`),
      ...((n['nodes'] as Json[]) ?? []).map((x) => h('div', {}, String(x['node_id']), x['self'] ? ' (this node)' : '')));
    const a = await admin('GET', 'apps');
    apps.replaceChildren(h('h3', {}, 'Apps'), h('table', { id: 'apps' },
      h('tr', {}, h('th', {}, 'App'), h('th', {}, 'Sessions'), h('th', {}, 'Channels')),
      ...((a['apps'] as Json[]) ?? []).map((x) => h('tr', {}, h('td', {}, String(x['app_id'])),
        h('td', {}, String(x['sessions'])), h('td', {}, String(x['channels']))))));
  };
  void tick(); void slow();
  const t1 = setInterval(() => void tick().catch(() => undefined), 1000);
  const t2 = setInterval(() => void slow().catch(() => undefined), 5000);
  return () => { clearInterval(t1); clearInterval(t2); };
}

// --------------------------------------------------------------------------------- paging

const PAGE = 100;

/** Pages of a list sorted by id: each next page starts after the last id shown (the admin API's `after`). */
class Pager {
  private starts: string[] = [];

  constructor(private readonly reload: () => void) {}

  query(): string {
    const after = this.starts[this.starts.length - 1];
    return after === undefined ? '' : '&after=' + seg(after);
  }

  reset(): void {
    this.starts = [];
  }

  controls(ids: string[]): HTMLElement[] {
    const out: HTMLElement[] = [];
    if (this.starts.length > 0) {
      out.push(h('button', { class: 'secondary', type: 'button', click: () => { this.starts.pop(); this.reload(); } }, 'Previous'));
    }
    const last = ids[ids.length - 1];
    if (ids.length === PAGE && last !== undefined) {
      out.push(h('button', { class: 'secondary', type: 'button', click: () => { this.starts.push(last); this.reload(); } }, 'Next'));
    }
    return out;
  }
}

// --------------------------------------------------------------------------------- users

function users(main: HTMLElement): () => void {
  const search = h('input', { id: 'user-search', placeholder: 'user id starts with…' }) as HTMLInputElement;
  const table = h('table', { id: 'users' });
  const detail = h('div', { id: 'user-detail' });
  const pages = new Pager(() => void load());
  const load = async () => {
    const r = await admin('GET', appPath(`users?limit=${PAGE}&prefix=${seg(search.value)}${pages.query()}`));
    const list = (r['users'] as Json[]) ?? [];
    table.replaceChildren(h('tr', {}, h('th', {}, 'User'), h('th', {}, 'Status'), h('th', {}, 'Channels')));
    for (const u of list) {
      const id = String(u['user_id']);
      table.append(h('tr', { class: 'clickable', 'data-user': id, click: () => void showUser(id) },
        h('td', {}, id), h('td', {}, String(u['status'])), h('td', {}, ((u['channels'] as string[]) ?? []).join(', '))));
    }
    table.append(h('tr', {}, h('td', { class: 'muted', colspan: '3' }, `${String(r['total'])} online on this node `,
      ...pages.controls(list.map((u) => String(u['user_id']))))));
  };
  const showUser = async (id: string) => {
    const attrs = await admin('GET', appPath(`users/${seg(id)}/attributes`)).catch(() => ({ attributes: {} }));
    const status = await admin('POST', appPath('online_status'), { user_ids: [id] });
    const kickOut = h('span', { class: 'outcome', id: 'kick-outcome' });
    const sendOut = h('span', { class: 'outcome', id: 'send-outcome' });
    const minutes = h('input', { type: 'number', value: '10', min: '1', id: 'ban-minutes', class: 'narrow' }) as HTMLInputElement;
    const from = h('input', { value: 'system', id: 'send-from' }) as HTMLInputElement;
    const text = h('input', { placeholder: 'message text', id: 'send-text' }) as HTMLInputElement;
    detail.replaceChildren(h('div', { class: 'panel' },
      h('h3', {}, id),
      h('dl', {}, h('dt', {}, 'Status'), h('dd', {}, String((status['statuses'] as Json)?.[id] ?? '?'))),
      h('h3', {}, 'Attributes'),
      h('dl', { id: 'user-attributes' }, ...Object.entries((attrs['attributes'] as Json) ?? {})
        .flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, String(v))])),
      h('h3', {}, 'Send a peer message'),
      h('form', { submit: (e) => { e.preventDefault(); void attempt(sendOut,
        () => admin('POST', appPath(`users/${seg(id)}/peer_messages`), { from: from.value || undefined, text: text.value }),
        (j) => `${String(j['result'])} (rtm_code ${String(j['rtm_code'])})`); } },
        'from', from, text, h('button', { type: 'submit', id: 'send' }, 'Send')), sendOut,
      h('h3', {}, 'Kick or ban'),
      h('form', { submit: (e) => e.preventDefault() },
        h('button', { class: 'danger', id: 'kick', type: 'button', click: () => void attempt(kickOut,
          () => admin('POST', appPath(`users/${seg(id)}/kick`)), (j) => j['kicked'] ? 'kicked' : 'not online here') }, 'Kick'),
        h('button', { class: 'danger', id: 'ban', type: 'button', click: () => void attempt(kickOut,
          () => admin('PUT', appPath(`bans/${seg(id)}`), { duration_seconds: Number(minutes.value) * 60 }),
          (j) => `banned until ${String(j['banned_until'])}`) }, 'Ban'), minutes, 'minutes'), kickOut));
  };
  main.append(h('form', { submit: (e) => { e.preventDefault(); pages.reset(); void load(); } }, search,
    h('button', { type: 'submit' }, 'Search')), h('div', { class: 'split' }, table, detail));
  void load();
  const t = setInterval(() => void load().catch(() => undefined), 3000);
  return () => clearInterval(t);
}

// ------------------------------------------------------------------------------ channels

function channels(main: HTMLElement): () => void {
  const table = h('table', { id: 'channels' });
  const detail = h('div', { id: 'channel-detail' });
  let open = '';
  const pages = new Pager(() => void load());
  const load = async () => {
    const r = await admin('GET', appPath(`channels?limit=${PAGE}${pages.query()}`));
    const list = (r['channels'] as Json[]) ?? [];
    table.replaceChildren(h('tr', {}, h('th', {}, 'Channel'), h('th', {}, 'Members')));
    for (const c of list) {
      const id = String(c['channel_id']);
      table.append(h('tr', { class: 'clickable', 'data-channel': id, click: () => { open = id; void show(); } },
        h('td', {}, id), h('td', { class: 'members' }, String(c['members']))));
    }
    table.append(h('tr', {}, h('td', { class: 'muted', colspan: '2' }, `${String(r['total'])} with members on this node `,
      ...pages.controls(list.map((c) => String(c['channel_id']))))));
    // the open channel's panel is left alone (it holds the operator's input); a click reloads it
  };
  const show = async () => {
    const id = open;
    const members = await admin('GET', appPath(`channels/${seg(id)}/members`));
    const attrs = await admin('GET', appPath(`channels/${seg(id)}/attributes`));
    if (id !== open) return;
    const key = h('input', { placeholder: 'key', id: 'attr-key' }) as HTMLInputElement;
    const value = h('input', { placeholder: 'value', id: 'attr-value' }) as HTMLInputElement;
    const text = h('input', { placeholder: 'message text', id: 'channel-text' }) as HTMLInputElement;
    const out = h('span', { class: 'outcome', id: 'channel-outcome' });
    const attrTable = h('table', { id: 'channel-attributes' });
    const showAttributes = (a: Json) => attrTable.replaceChildren(...((a['attributes'] as Json[]) ?? []).map((x) =>
      h('tr', {}, h('td', {}, String(x['key'])), h('td', {}, String(x['value'])),
        h('td', { class: 'muted' }, `${String(x['last_update_user_id'] ?? '')}`))));
    showAttributes(attrs);
    detail.replaceChildren(h('div', { class: 'panel' },
      h('h3', {}, id),
      h('p', { id: 'channel-members' }, ((members['members'] as string[]) ?? []).join(', ')),
      h('h3', {}, 'Attributes'),
      attrTable,
      // after a save only the table is read again: the rest of the panel keeps what the operator is typing
      h('form', { submit: (e) => { e.preventDefault(); void attempt(out,
        () => admin('PATCH', appPath(`channels/${seg(id)}/attributes`), { attributes: { [key.value]: value.value } }),
        () => 'attribute saved').then(async () => showAttributes(await admin('GET', appPath(`channels/${seg(id)}/attributes`))))
        .catch(() => undefined); // not read again: the next click on the channel does
      } }, key, value, h('button', { type: 'submit', id: 'attr-save' }, 'Set')),
      h('h3', {}, 'Send a channel message (as system)'),
      h('form', { submit: (e) => { e.preventDefault(); void attempt(out,
        () => admin('POST', appPath(`channels/${seg(id)}/messages`), { text: text.value }),
        (j) => `${String(j['result'])}, ${String(j['deliveries'])} deliveries`); } },
        text, h('button', { type: 'submit', id: 'channel-send' }, 'Send')), out));
  };
  main.append(h('div', { class: 'split' }, table, detail));
  void load();
  const t = setInterval(() => void load().catch(() => undefined), 2000);
  return () => clearInterval(t);
}

// -------------------------------------------------------------------------------- tokens

function tokens(main: HTMLElement): () => void {
  const user = h('input', { placeholder: 'user id', id: 'mint-user' }) as HTMLInputElement;
  const minted = h('pre', { id: 'minted', class: 'outcome' });
  const pasted = h('textarea', { id: 'inspect-token', placeholder: 'paste a 006 or 007 token' }) as HTMLTextAreaElement;
  const forUser = h('input', { placeholder: 'user id (optional)', id: 'inspect-user' }) as HTMLInputElement;
  const explained = h('div', { id: 'inspected' });
  main.append(
    h('div', { class: 'panel' }, h('h3', {}, 'Mint a token'),
      h('p', { class: 'muted' }, 'Needs admin.token-minting on (dev setups).'),
      h('form', { submit: (e) => { e.preventDefault(); void attempt(minted,
        () => admin('POST', appPath('tokens'), { user_id: user.value }), (j) => String(j['token'])); } },
        user, h('button', { type: 'submit', id: 'mint' }, 'Mint 007')), minted),
    h('div', { class: 'panel' }, h('h3', {}, 'Decode and explain a token'),
      h('form', { submit: async (e) => {
        e.preventDefault();
        try {
          const j = await admin('POST', appPath('tokens/inspect'), { token: pasted.value.trim(), user_id: forUser.value || undefined });
          const privileges = Object.entries((j['privileges'] as Json) ?? {}).map(([k, v]) => `${k} until ${String(v)}`);
          explained.replaceChildren(h('dl', {},
            ...(['version', 'app_id', 'user_id', 'issued_at', 'expires_at'] as const)
              .flatMap((k) => [h('dt', {}, k), h('dd', {}, String(j[k] ?? '—'))]),
            h('dt', {}, 'privileges'), h('dd', {}, privileges.join('; ') || '—'),
            h('dt', {}, 'verdict'), h('dd', { id: 'verdict', class: 'outcome ' + (j['accepted'] ? 'ok' : 'bad') },
              j['accepted'] ? 'the server accepts it' : `refused: ${String(j['reason'])}`)));
        } catch (err) {
          explained.replaceChildren(h('p', { class: 'outcome bad' }, String(err)));
        }
      } }, pasted, forUser, h('button', { type: 'submit', id: 'inspect' }, 'Explain')), explained));
  return () => undefined;
}

// -------------------------------------------------------------------------------- events

function events(main: HTMLElement): () => void {
  const feed = h('div', { class: 'feed', id: 'feed' });
  const state = h('span', { class: 'muted', id: 'feed-state' }, 'connecting…');
  let after = 0;
  let stopped = false;
  const controller = new AbortController();
  main.append(h('p', { class: 'muted' }, 'Logins, logouts (with the reason), joins, leaves, rate-limit hits and invitation '
    + 'outcomes of this node, newest first. Message bodies are never shown. ', state), feed);
  const show = (e: Json) => {
    after = Math.max(after, Number(e['seq']));
    const line = `${new Date(Number(e['ms'])).toISOString().slice(11, 23)}  ${String(e['app'])}  ${String(e['type'])}  `
      + `${String(e['user'])}${e['channel'] ? ' in ' + String(e['channel']) : ''}${e['detail'] ? ' (' + String(e['detail']) + ')' : ''}`;
    feed.prepend(h('div', { 'data-type': String(e['type']) }, line));
  };
  // Server-Sent Events read through fetch, so the request carries the console header like every call
  const listen = async () => {
    while (!stopped) {
      try {
        const res = await fetch(API + 'activity/stream?after=' + after, { headers: { 'X-Parley-Console': '1' },
          credentials: 'same-origin', signal: controller.signal });
        if (!res.ok || !res.body) throw new Error('HTTP ' + res.status);
        state.textContent = 'live';
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        let buf = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buf += value;
          let i;
          while ((i = buf.indexOf('\n\n')) >= 0) {
            const block = buf.slice(0, i);
            buf = buf.slice(i + 2);
            if (block.startsWith('data: ')) show(JSON.parse(block.slice(6)) as Json);
          }
        }
      } catch {
        if (stopped) return;
      }
      state.textContent = 'reconnecting…';
      await new Promise((r) => setTimeout(r, 1000));
    }
  };
  void listen();
  return () => { stopped = true; controller.abort(); };
}

// -------------------------------------------------------------------------------- router

function route(): void {
  stopPage?.();
  stopPage = null;
  const main = byId('main');
  main.replaceChildren();
  const want = location.hash.replace(/^#\//, '') as Page;
  const page: Page = PAGES.includes(want) ? want : 'overview';
  renderChrome(session.state === 'signed_out' ? null : page);
  if (session.state === 'signed_out') {
    signIn(main);
    return;
  }
  if (!app && page !== 'overview') {
    main.append(h('p', {}, 'No app yet: in dev mode an app appears once a client logs in.'));
    return;
  }
  stopPage = { overview, users, channels, tokens, events }[page](main);
}

window.addEventListener('hashchange', route);
void refreshSession().then(route, (e) => { byId('main').textContent = 'Cannot reach the server: ' + String(e); });
