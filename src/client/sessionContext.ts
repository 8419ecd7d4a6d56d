// A session's context use (the newest reply's tokens over its model's limit), read on demand: the tooltip,
// the status bar and Compact need it. The newest messages are fetched only while the store has no reply yet,
// and the model's limit is cached per server.
import type { ServerConnection } from './serverConnection';
import { contextUsage, lastContextMessage, type ContextUsage } from '../store/contextUsage';

const RECENT_MESSAGES = 20;
/** A hover should not wait long: past this the tooltip shows what is known. */
const WAIT_MS = 5_000;

export async function loadSessionContext(connection: ServerConnection, sessionId: string): Promise<ContextUsage | undefined> {
  const before = connection.sessions.get(sessionId);
  if (!before) return undefined;
  // Live events keep the store current once it has a reply; before that, read the newest messages.
  // Fed to the store as events, so later live events continue from there.
  if (!lastContextMessage(before.messages.values())) {
    await withTimeout(connection.loadRecentMessages(sessionId, RECENT_MESSAGES)).catch(() => undefined);
  }
  const record = connection.sessions.get(sessionId);
  const message = record && lastContextMessage(record.messages.values());
  if (!record || !message) return undefined;
  const limit = message.providerID && message.modelID ? await withTimeout(connection.modelLimits.contextLimit(message.providerID, message.modelID)).catch(() => undefined) : undefined;
  return contextUsage(record.messages.values(), () => limit);
}

function withTimeout<T>(promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('timed out')), WAIT_MS)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
