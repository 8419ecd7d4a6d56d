// A session's context use (the newest reply's tokens over its model's limit), read where data is read: the
// status bar when its session changes, a row's tooltip on hover, and Compact. The newest messages are fetched
// only while the store has no reply yet, and the model's limit is cached per server. What was read lives
// with the server's connection (its `contextReads`), not in the module.
import type { ModelLimitCache } from './modelLimitCache';
import { contextUsage, lastContextMessage, type ContextUsage } from '../../store/contextUsage';
import type { SessionRecord } from '../../store/sessionRecord';

const RECENT_MESSAGES = 20;
/** A hover should not wait long: past this the tooltip shows what is known. */
const WAIT_MS = 5_000;

/** What a read needs of the server: its store and the read itself. */
interface ReadSource {
  readonly sessions: { get(id: string): SessionRecord | undefined };
  loadRecentMessages(sessionId: string, limit: number): Promise<void>;
}

/** A server as the context % reads it (its connection). */
interface ContextSource extends ReadSource {
  readonly contextReads: ContextReads;
  readonly modelLimits: Pick<ModelLimitCache, 'contextLimit'>;
}

/** One server's reads of newest messages for the context % (each connection holds its own). */
export class ContextReads {
  /**
   * Sessions whose newest messages were read and held no reply yet, with the activity time of that read: read
   * again only once the session has moved on. Else a session waiting on its first tool call (no finished reply)
   * is read on every change, and each read changes it, and the change reads again.
   */
  private readonly withoutReply = new Map<string, number>();
  /** Reads under way: a second caller (Compact right after the status bar asked) waits for the same read. */
  private readonly reading = new Map<string, Promise<void>>();

  /** Starts a read of the newest messages when the store has no reply to count (see loadSessionContext). */
  readIfNeeded(connection: ReadSource, sessionId: string, fresh: boolean): Promise<void> | undefined {
    const record = connection.sessions.get(sessionId);
    if (record && !lastContextMessage(record.messages.values()) && (fresh || this.withoutReply.get(sessionId) !== record.lastActivity)) {
      this.withoutReply.set(sessionId, record.lastActivity);
      // A fresh read starts after one under way, which may have begun before the reply.
      const earlier = fresh ? this.reading.get(sessionId) : undefined;
      const load = () => connection.loadRecentMessages(sessionId, RECENT_MESSAGES);
      const read = withTimeout(earlier ? earlier.then(load) : Promise.resolve().then(load))
        .catch(() => undefined)
        .finally(() => this.reading.get(sessionId) === read && this.reading.delete(sessionId));
      this.reading.set(sessionId, read);
    }
    return this.reading.get(sessionId);
  }
}

/**
 * `fresh`: a user's action (Compact) right after a reply: read even if a read at this activity found none,
 * since the store may not have the reply's events yet while the server has the reply.
 */
export async function loadSessionContext(
  connection: ContextSource,
  sessionId: string,
  options: { fresh?: boolean } = {},
): Promise<ContextUsage | undefined> {
  if (!connection.sessions.get(sessionId)) return undefined;
  // Live events keep the store current once it has a reply; before that, read the newest messages.
  // Fed to the store as events, so later live events continue from there.
  await connection.contextReads.readIfNeeded(connection, sessionId, options.fresh ?? false);
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
