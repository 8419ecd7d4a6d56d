// The task tree as the plugin reads it from its own server, for the pause gate with no window to ask: the root above
// a session, and what the tree spent (each session's own recorded cost, every descendant once). 1.x through the
// client OpenCode hands the plugin; 2.x through `ctx.session.get` alone, which lists no children (a lower bound).
import { sessionInfo } from '../client/wire/sessionInfo';
import type { PluginClient } from './statusFromServer';
import type { TreeReader } from './pauseGate';

/** Parents followed at most: a malformed tree cannot loop the gate. */
const MAX_DEPTH = 100;
/** Sessions of a tree read at most: a huge tree is read as far as this (a lower bound of its spend). */
const MAX_SESSIONS = 5_000;

export function v1Tree(client: Pick<PluginClient, 'session'>): TreeReader {
  const get = async (id: string) => sessionInfo(data(await client.session.get({ path: { id } })));
  return {
    rootOf: (sessionId) => rootAbove(sessionId, async (id) => (await get(id))?.parentID),
    async treeCost(rootId) {
      const root = await get(rootId);
      if (!root) return undefined;
      let cost = root.cost ?? 0;
      const seen = new Set([rootId]);
      const queue = [rootId];
      for (let at = 0; at < queue.length && seen.size < MAX_SESSIONS; at++) {
        const children = data(await client.session.children({ path: { id: queue[at] } }));
        for (const raw of Array.isArray(children) ? children : []) {
          const child = sessionInfo(raw);
          if (!child || seen.has(child.id)) continue;
          seen.add(child.id);
          cost += child.cost ?? 0;
          queue.push(child.id);
        }
      }
      return cost;
    },
  };
}

/** 2.x: `ctx.session.get({sessionID})` answers the record (or `{data}`), with `parentID` and its own `cost`. */
export function v2Tree(get: ((input: { sessionID: string }) => Promise<unknown>) | undefined): TreeReader {
  const read = async (id: string) => {
    const raw = get ? await get({ sessionID: id }).catch(() => undefined) : undefined;
    const value = data(raw);
    return typeof value === 'object' && value !== null ? (value as { id?: unknown; parentID?: unknown; cost?: unknown }) : undefined;
  };
  const cost = (record: { cost?: unknown } | undefined) =>
    typeof record?.cost === 'number' && Number.isFinite(record.cost) ? record.cost : 0;
  return {
    rootOf: (sessionId) => rootAbove(sessionId, async (id) => (await read(id))?.parentID),
    // No children in the plugin context: the root's and the session's own, what is known to be spent at least.
    async treeCost(rootId, sessionId) {
      const root = await read(rootId);
      if (!root) return undefined;
      return rootId === sessionId ? cost(root) : cost(root) + cost(await read(sessionId));
    },
  };
}

/** The session's root: its parents followed up (at most MAX_DEPTH) to one with none. */
async function rootAbove(sessionId: string, parentOf: (id: string) => Promise<unknown>): Promise<string> {
  let id = sessionId;
  for (let depth = 0; depth < MAX_DEPTH; depth++) {
    const parent = await parentOf(id);
    if (typeof parent !== 'string' || !parent || parent === id) break;
    id = parent;
  }
  return id;
}

/** The client answers `{ data, error, response }`; older ones the data itself. */
function data(result: unknown): unknown {
  return typeof result === 'object' && result !== null && 'data' in result ? result.data : result;
}
