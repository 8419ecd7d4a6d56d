// What a session status reads from its server first: the session's whole task tree, every message of it, and
// the context window of each model its newest replies used.
import type { ServerConnection } from '../client/serverConnection';
import { selfAndAncestors } from '../store/ancestors';
import { lastContextMessage } from '../store/contextUsage';
import { modelKey } from '../store/modelLimits';

/** The root of the session's tree and every session below it. */
export function statusTree(connection: ServerConnection, sessionId: string): string[] {
  let root = sessionId;
  for (const id of selfAndAncestors(sessionId, (c) => connection.sessions.parentOf(c))) root = id;
  return [root, ...connection.sessions.descendantsOf(root).map((r) => r.info.id)];
}

export async function loadMessages(connection: ServerConnection, sessionId: string): Promise<void> {
  // Offline, or a read that fails: the figures are what the store already holds.
  if (connection.state.kind === 'online') await connection.loadAllMessages(sessionId).catch(() => undefined);
}

/** The context window of each model the tree's newest replies used. */
export async function contextLimits(connection: ServerConnection, tree: string[]): Promise<Map<string, number | undefined>> {
  const limits = new Map<string, number | undefined>();
  for (const id of tree) {
    const record = connection.sessions.get(id);
    const last = record && lastContextMessage(record.messages.values());
    if (!last?.providerID || !last.modelID) continue;
    const key = modelKey(last.providerID, last.modelID);
    if (!limits.has(key)) limits.set(key, await connection.modelLimits.contextLimit(last.providerID, last.modelID).catch(() => undefined));
  }
  return limits;
}

/** A model's context window as read by contextLimits(), for the status arithmetic. */
export function limitOf(limits: ReadonlyMap<string, number | undefined>): (providerID: string, modelID: string) => number | undefined {
  return (providerID, modelID) => limits.get(modelKey(providerID, modelID));
}
