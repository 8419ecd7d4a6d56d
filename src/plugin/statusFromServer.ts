// The session status computed from the plugin's own server: the task tree's sessions and messages read
// through the client OpenCode hands the plugin, fed to a store exactly as the extension feeds its own.
import { runSliced } from '../base/slices';
import { Slices } from '../base/node/slices';
import { feedMessages } from '../client/v1/messages';
import { parseModelLimits, parsePriceCatalog } from '../client/v1/catalogs';
import { sessionInfo } from '../client/wire/sessionInfo';
import type { SessionInfo, SessionStatus as ServerStatus } from '../store/events';
import { modelKey } from '../store/modelLimits';
import { listPricer, NO_LIST_PRICES } from '../store/price/listPricer';
import { buildSessionStatus, type SessionStatus, type StatusScope } from '../store/sessionStatus';
import { statusSessionSteps } from '../store/sessionStatusInput';
import { SessionStore } from '../store/sessionStore';
import { treeTimelineStatus } from '../store/timeline/treeTimeline';

/** The v1-style client OpenCode passes to plugins, as far as this uses it (answered in-process). */
export interface PluginClient {
  session: {
    get(options: { path: { id: string } }): Promise<unknown>;
    children(options: { path: { id: string } }): Promise<unknown>;
    messages(options: { path: { id: string } }): Promise<unknown>;
    status?(options?: unknown): Promise<unknown>;
  };
  config: { providers(options?: unknown): Promise<unknown> };
  /** `GET /provider`: the model catalog with prices (list prices for steps recorded at $0). */
  provider?: { list(options?: unknown): Promise<unknown> };
}

export interface PluginInput {
  client: PluginClient;
  serverUrl?: URL | string;
  /** The folder the server instance runs in: which VS Code window the plugin asks first. */
  directory?: string;
}

/** The compaction threshold when no extension says otherwise: its default setting. */
const DEFAULT_COMPACT_AT = 0.9;

/** The status computed from the plugin's own server (budgets: null). */
export async function statusFromServer(
  input: PluginInput,
  sessionId: string,
  scope: StatusScope = 'session',
): Promise<SessionStatus | undefined> {
  const { client } = input;
  // The in-process client's answers may all be ready at once: without a breath, a tree of thousands of sub-agents
  // is read in one synchronous stretch of the server every agent of the machine talks to.
  const slices = new Slices();
  const breathe = async () => void (slices.due && (await slices.yield()));
  const infos = new Map<string, SessionInfo>();
  // Up to the root, then every descendant of it.
  let rootId = sessionId;
  for (let id: string | undefined = sessionId; id && !infos.has(id);) {
    await breathe();
    const info = sessionInfo(data(await client.session.get({ path: { id } })));
    if (!info) break;
    infos.set(info.id, info);
    rootId = info.id;
    id = info.parentID;
  }
  if (!infos.has(sessionId)) return undefined;
  // Breadth first by index: shift() on a tree of many sub-agents would move the whole queue each time.
  const queue = [rootId];
  for (let at = 0; at < queue.length; at++) {
    const id = queue[at];
    await breathe();
    const children = data(await client.session.children({ path: { id } }));
    for (const raw of Array.isArray(children) ? children : []) {
      const child = sessionInfo(raw);
      if (!child || infos.has(child.id)) continue;
      infos.set(child.id, child);
      queue.push(child.id);
    }
  }
  const store = new SessionStore();
  const statuses: Record<string, ServerStatus> = {
    ...asStatuses(client.session.status ? data(await client.session.status().catch(() => undefined)) : undefined),
  };
  // The caller is running this tool: busy, whatever the status route said a moment ago.
  statuses[sessionId] = { type: 'busy' };
  store.loadSnapshot([...infos.values()], statuses);
  for (const id of infos.keys()) {
    await breathe();
    const items = data(await client.session.messages({ path: { id } }));
    feedMessages(Array.isArray(items) ? items : [], id, { seenLive: () => false, apply: (event) => void store.apply(event) });
  }
  const limits = parseModelLimits(data(await client.config.providers().catch(() => undefined)));
  // The same catalog and arithmetic as the extension's, so both give the same list price.
  const catalog = client.provider ? data(await client.provider.list().catch(() => undefined)) : undefined;
  const pricer = catalog === undefined ? NO_LIST_PRICES : listPricer(parsePriceCatalog(catalog));
  const sessions = await runSliced(statusSessionSteps(store, sessionId, (p, m) => limits.get(modelKey(p, m)), pricer));
  if (!sessions) return undefined;
  const status = buildSessionStatus({
    sessionId,
    server: serverName(input.serverUrl),
    sessions,
    scope,
    compactAt: DEFAULT_COMPACT_AT,
    budgets: null,
  });
  // Built in slices: a tree of 50 000 messages would hold the server the plugin runs in for long.
  return status && { ...status, timeline: (await treeTimelineStatus(store, status.session.id, Date.now())) ?? null };
}

/** The v1 client answers `{ data, error, response }`; older ones the data itself. */
function data(result: unknown): unknown {
  return typeof result === 'object' && result !== null && 'data' in result ? result.data : result;
}

function asStatuses(value: unknown): Record<string, ServerStatus> {
  const statuses: Record<string, ServerStatus> = {};
  if (typeof value !== 'object' || value === null) return statuses;
  for (const [id, status] of Object.entries(value)) {
    const type = (status as { type?: unknown } | null)?.type;
    // `__proto__` as a key would replace the record's prototype instead of adding a session.
    if (id === '__proto__') continue;
    if (type === 'busy' || type === 'idle') statuses[id] = { type };
    else if (type === 'retry') statuses[id] = { type: 'retry', attempt: 0, message: '', next: 0 };
  }
  return statuses;
}

function serverName(url: URL | string | undefined): string {
  try {
    return url ? new URL(String(url)).host : 'opencode';
  } catch {
    return 'opencode';
  }
}
