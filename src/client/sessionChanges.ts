// The turns of sessions that changed files, read on demand and kept per session until the session moves on
// (a new turn ends, a revert or unrevert): a row's Changes are read once it is shown, never on every token.
import { mayHaveChanges, type SessionRecord } from '../store/sessionRecord';
import { turnsOf, type Turn } from '../store/fileChanges';
import { Emitter } from './emitter';
import { messagePages } from './messagePages';
import type { OpencodeClient } from './opencodeClient';

/** Reads at most this many sessions at once, so a tree full of rows does not flood the server. */
const PARALLEL = 2;
/** A session shown with no known turns has its newest messages read once, if it was active this recently. */
const PROBE_WITHIN_MS = 7 * 24 * 3600_000;
const PROBE_MESSAGES = 20;

export interface ChangesSource {
  /** A client for the session's project directory. */
  client(directory: string): Promise<OpencodeClient>;
  /** Reads the newest messages of a session into the store (which then knows whether its turns changed files). */
  loadRecentMessages(sessionId: string, limit: number): Promise<void>;
  sessions: { get(id: string): SessionRecord | undefined };
  readonly label: string;
}

interface Entry {
  version: string;
  turns?: Turn[];
  loading?: string;
}

/** Every turn of a session that changed files, oldest first. */
export async function loadTurns(client: OpencodeClient, sessionID: string, signal?: AbortSignal): Promise<Turn[]> {
  const messages: unknown[] = [];
  for await (const page of messagePages(client, sessionID, signal)) messages.push(...page);
  return turnsOf(sessionID, messages);
}

/**
 * What a session's changes depend on: a finished turn updates the session, a revert sets or clears `revert`,
 * and OpenCode adds each turn's files to its user message as they are known (seen live as `message.updated`).
 */
export function changesVersion(record: SessionRecord): string {
  let files = 0;
  for (const user of record.userMessages.values()) files += user.changedFiles ?? 0;
  return `${record.info.time.updated}\u0000${record.info.revert?.messageID ?? ''}\u0000${files}`;
}

export class SessionChanges<S extends ChangesSource> {
  /** A session's turns arrived (or changed): its rows redraw. */
  readonly onDidLoad = new Emitter<{ source: S; sessionId: string }>();
  private readonly entries = new Map<S, Map<string, Entry>>();
  private readonly queue: Array<() => Promise<void>> = [];
  private running = 0;

  constructor(private readonly onError: (source: S, sessionId: string, error: unknown) => void) {}

  /**
   * The session's turns as last read (undefined until read once). A session that moved on since is read again
   * in the background — only while it is not working, so a busy session is read when its turn is over.
   */
  turns(source: S, record: SessionRecord): Turn[] | undefined {
    const id = record.info.id;
    // Reading turns means reading every message: only for sessions known to have changed something. One
    // never read since the connection came up gets its newest messages read once, which tells.
    if (!mayHaveChanges(record)) {
      if (!record.userMessages.size && Date.now() - record.lastActivity < PROBE_WITHIN_MS) this.probe(source, record);
      return this.entries.get(source)?.get(id)?.turns ?? [];
    }
    let bySession = this.entries.get(source);
    if (!bySession) this.entries.set(source, (bySession = new Map()));
    const entry = bySession.get(id) ?? { version: '' };
    bySession.set(id, entry);
    const version = changesVersion(record);
    const settled = record.status.type === 'idle' || entry.turns === undefined;
    if (entry.version !== version && entry.loading !== version && settled) this.load(source, record, entry, version);
    return entry.turns;
  }

  /** Reads the session again now (after Revert or Unrevert, whose result the next read must show). */
  forget(source: S, sessionId: string): void {
    const entry = this.entries.get(source)?.get(sessionId);
    if (entry) entry.version = '';
  }

  forgetServer(source: S): void {
    this.entries.delete(source);
    this.probed.delete(source);
  }

  private readonly probed = new Map<S, Set<string>>();

  private probe(source: S, record: SessionRecord): void {
    let done = this.probed.get(source);
    if (!done) this.probed.set(source, (done = new Set()));
    if (done.has(record.info.id)) return;
    done.add(record.info.id);
    this.queue.push(() => source.loadRecentMessages(record.info.id, PROBE_MESSAGES).catch((err: unknown) => this.onError(source, record.info.id, err)));
    this.next();
  }

  private load(source: S, record: SessionRecord, entry: Entry, version: string): void {
    entry.loading = version;
    this.queue.push(async () => {
      try {
        const turns = await loadTurns(await source.client(record.info.directory), record.info.id);
        entry.turns = turns;
        entry.version = version;
        this.onDidLoad.fire({ source, sessionId: record.info.id });
      } catch (err) {
        entry.version = version; // not again until the session moves on; the log says why
        this.onError(source, record.info.id, err);
      } finally {
        if (entry.loading === version) entry.loading = undefined;
      }
    });
    this.next();
  }

  private next(): void {
    while (this.running < PARALLEL && this.queue.length) {
      const task = this.queue.shift()!;
      this.running += 1;
      void task().finally(() => {
        this.running -= 1;
        this.next();
      });
    }
  }
}
