// A session's context use (the newest reply's tokens over its model's limit), read on demand: the tooltip,
// the status bar and Compact need it. The newest messages are fetched only while the store has no reply yet,
// and the model's limit is cached per server.
import type { ServerConnection } from '../serverConnection';
import { contextUsage, lastContextMessage, type ContextUsage } from '../../store/contextUsage';

const RECENT_MESSAGES = 20;
/** A hover should not wait long: past this the tooltip shows what is known. */
const WAIT_MS = 5_000;

/**
 * Sessions whose newest messages were read and held no reply yet, with the activity time of that read: read
 * again only once the session has moved on. Else a session waiting on its first tool call (no finished reply)
 * is read on every render, and each read redraws it, and the redraw renders again.
 */
const readWithoutReply = new WeakMap<ServerConnection, Map<string, number>>();
/** Reads under way: a second caller (Compact right after the status bar asked) waits for the same read. */
const reading = new WeakMap<ServerConnection, Map<string, Promise<void>>>();

/**
 * `fresh`: a user's action (Compact) right after a reply: read even if a read at this activity found none,
 * since the store may not have the reply's events yet while the server has the reply.
 */
export async function loadSessionContext(
  connection: ServerConnection,
  sessionId: string,
  options: { fresh?: boolean } = {},
): Promise<ContextUsage | undefined> {
  const before = connection.sessions.get(sessionId);
  if (!before) return undefined;
  // Live events keep the store current once it has a reply; before that, read the newest messages.
  // Fed to the store as events, so later live events continue from there.
  let reads = readWithoutReply.get(connection);
  if (!reads) readWithoutReply.set(connection, (reads = new Map<string, number>()));
  let inFlight = reading.get(connection);
  if (!inFlight) reading.set(connection, (inFlight = new Map<string, Promise<void>>()));
  if (!lastContextMessage(before.messages.values()) && (options.fresh || reads.get(sessionId) !== before.lastActivity)) {
    reads.set(sessionId, before.lastActivity);
    // A fresh read starts after one under way, which may have begun before the reply.
    const earlier = options.fresh ? inFlight.get(sessionId) : undefined;
    const read = withTimeout((earlier ?? Promise.resolve()).then(() => connection.loadRecentMessages(sessionId, RECENT_MESSAGES)))
      .catch(() => undefined)
      .finally(() => inFlight.get(sessionId) === read && inFlight.delete(sessionId));
    inFlight.set(sessionId, read);
  }
  await inFlight.get(sessionId);
  const record = connection.sessions.get(sessionId);
  const message = record && lastContextMessage(record.messages.values());
  if (!record || !message) return undefined;
  const limit =
    message.providerID && message.modelID
      ? await withTimeout(connection.modelLimits.contextLimit(message.providerID, message.modelID)).catch(() => undefined)
      : undefined;
  return contextUsage(record.messages.values(), () => limit);
}

function withTimeout<T>(promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('timed out')), WAIT_MS)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
