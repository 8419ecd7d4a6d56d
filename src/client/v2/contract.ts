// Which route each read and action uses on one OpenCode 2 server, decided by the server's own contract: its
// OpenAPI document (openApiRoutes.ts), read once per connection. Every read and action is listed with the routes
// OpenCode has served it on, newest first: 2.x releases (OpenCode's source at 2.0.26, commit 1066927, files named
// beside each) and the older 2-line build of August 2026 (its recorded /openapi.json). The first route the document
// names is used; none named means the server does not offer it. A server without a document (1.18's early V2 API,
// or one that hides it) is probed instead: the newest route is tried, and a route it lacks (404 with no body, 405)
// moves on to the next, remembered for the connection.
import { RouteTable, type HttpMethod, type RouteBody } from './openApiRoutes';

export interface Route {
  method: HttpMethod;
  /** With `{name}` slots filled in by `fillRoute`. */
  path: string;
}

const get = (path: string): Route => ({ method: 'GET', path });
const post = (path: string): Route => ({ method: 'POST', path });
const patch = (path: string): Route => ({ method: 'PATCH', path });
const del = (path: string): Route => ({ method: 'DELETE', path });

const SESSION = '/api/session/{sessionID}';
/** 1.18.33's early V2 lists a session's messages only as its durable history (another shape than 2.x's list). */
const HISTORY = `${SESSION}/history`;

/** The messages route the server offers is the durable history (read in its own shape). */
export function readsHistory(route: { path: string } | undefined): boolean {
  return route?.path === HISTORY;
}

/** Every route the extension asks of a V2 server, newest first. */
export const ROUTES = {
  // packages/protocol/src/groups/server.ts: `/api/info`; the older build answered only `/api/health`.
  // Asked by the identity reader (discovery/identity.ts) before the document is read, so always in this order.
  info: [get('/api/info'), get('/api/health')],
  // The live stream (SSE), read by our own parser (transport/eventStream.ts).
  event: [get('/api/event')],
  // groups/session.ts
  sessions: [get('/api/session')],
  session: [get(SESSION)],
  active: [get('/api/session/active')],
  rename: [patch(SESSION), post(`${SESSION}/rename`)],
  delete: [del(SESSION)],
  fork: [post(`${SESSION}/fork`)],
  interrupt: [post(`${SESSION}/interrupt`)],
  // 2.3's `resume`: start or join execution without a new input (not in 2.0.26's document: a prompt there).
  resume: [post(`${SESSION}/resume`)],
  prompt: [post(`${SESSION}/prompt`)],
  compact: [post(`${SESSION}/compact`)],
  revert: [post(`${SESSION}/revert/stage`)],
  unrevert: [del(`${SESSION}/revert`), post(`${SESSION}/revert/clear`)],
  diff: [get(`${SESSION}/diff`)],
  view: [post(`${SESSION}/view`)],
  // Queued input: 2.x's inbox, the older build's pending list.
  inbox: [get(`${SESSION}/inbox`), get(`${SESSION}/pending`)],
  // groups/session.ts (experimental): a session's durable events after a sequence, then followed (SSE).
  log: [get('/api/experimental/session/{sessionID}/log')],
  // groups/message.ts; 1.18.33's early V2 has only the durable history.
  messages: [get(`${SESSION}/message`), get(HISTORY)],
  // groups/permission.ts
  permissions: [get(`${SESSION}/permission`)],
  permissionReply: [post(`${SESSION}/permission/{requestID}/reply`)],
  // Gone in 2.x (the question tool makes a form); the older build and 1.18 list questions here.
  questions: [get(`${SESSION}/question`)],
  questionReply: [post(`${SESSION}/question/{requestID}/reply`)],
  questionReject: [post(`${SESSION}/question/{requestID}/reject`)],
  // groups/session.ts (session forms): 2.x's form includes its state; the older build had `/state`.
  forms: [get(`${SESSION}/form`)],
  formState: [get(`${SESSION}/form/{formID}/state`), get(`${SESSION}/form/{formID}`)],
  formReply: [post(`${SESSION}/form/{formID}/reply`)],
  formCancel: [del(`${SESSION}/form/{formID}`), post(`${SESSION}/form/{formID}/cancel`)],
  // groups/server.ts `server.connect`: redeems a pairing code, the one route answered without credentials.
  connect: [get('/auth/connect/{code}')],
  // groups/model.ts, groups/provider.ts
  models: [get('/api/model')],
  providers: [get('/api/provider')],
} satisfies Record<string, readonly Route[]>;

export type RouteName = keyof typeof ROUTES;

/** `{sessionID}`-style slots filled from `params`, each encoded. */
export function fillRoute(route: Route, params: Record<string, string>): string {
  return route.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params[name] ?? ''));
}

export class V2Contract {
  /** Probing: which candidate each route name is on now (past the end: not offered). */
  private readonly probed = new Map<RouteName, number>();
  /** Probing: which body variant each route name takes now. */
  private readonly variants = new Map<RouteName, number>();

  private constructor(
    /** The server's document; undefined while it is probed instead. */
    private readonly table: RouteTable | undefined,
  ) {}

  static documented(table: RouteTable): V2Contract {
    return new V2Contract(table);
  }

  static probing(): V2Contract {
    return new V2Contract(undefined);
  }

  /** Where the routes come from: the server's OpenAPI document, or trying them. */
  get source(): 'document' | 'probing' {
    return this.table ? 'document' : 'probing';
  }

  /** The route to use for `name`; undefined when this server does not offer it (as far as is known). */
  route(name: RouteName): Route | undefined {
    const candidates: readonly Route[] = ROUTES[name];
    if (this.table) return candidates.find((r) => this.table!.has(r.method, r.path));
    return candidates[this.probed.get(name) ?? 0];
  }

  /**
   * True/false when the document says; when probing, true until a try showed the server lacks every route
   * (unknown routes are offered: the user finds out by trying, in words).
   */
  offers(name: RouteName): boolean {
    return this.route(name) !== undefined;
  }

  /**
   * The server answered that it has no such route. Probing moves to the next candidate (true: try it); a
   * documented route is not second-guessed (false: report the failure as it is).
   */
  lacks(name: RouteName): boolean {
    if (this.table) return false;
    const next = (this.probed.get(name) ?? 0) + 1;
    this.probed.set(name, next);
    return next < ROUTES[name].length;
  }

  /**
   * Which of `keys` the route's body names (e.g. permission replies: 2.x's `decision`, the older build's `reply`):
   * the first the document lists; when probing, the first not yet refused.
   */
  bodyKey<K extends string>(name: RouteName, keys: readonly [K, ...K[]]): K {
    const body = this.body(name);
    if (body) return keys.find((k) => body.keys.has(k)) ?? keys[0];
    return keys[Math.min(this.variants.get(name) ?? 0, keys.length - 1)];
  }

  /** Probing: the body `bodyKey` gave was refused as invalid (400): true when another key is left to try. */
  refusedBody(name: RouteName, keys: readonly string[]): boolean {
    if (this.table) return false;
    const next = (this.variants.get(name) ?? 0) + 1;
    this.variants.set(name, next);
    return next < keys.length;
  }

  /**
   * Whether the route takes the query parameter `name`: documented only. Probing says no, so a server without a
   * document is asked as before.
   */
  takesQuery(name: RouteName, parameter: string): boolean {
    const route = this.table && this.route(name);
    return route ? this.table.takesQuery(route.method, route.path, parameter) : false;
  }

  /** Whether the route's body must hold `key` (documented only; probing says no). */
  requires(name: RouteName, key: string): boolean {
    return this.body(name)?.required.has(key) ?? false;
  }

  private body(name: RouteName): RouteBody | undefined {
    const table = this.table;
    const route = table && this.route(name);
    return route ? table.body(route.method, route.path) : undefined;
  }
}
