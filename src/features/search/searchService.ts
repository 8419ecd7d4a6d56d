// Every server's content index: one ServerIndexer per connection, kept in the extension's global storage per
// server, synced when its server comes online, fed the store's changes, and asked together by a query.
import * as vscode from 'vscode';
import { Emitter } from '../../base/emitter';
import type { App } from '../../app';
import { Disposable } from '../../base/disposable';
import { affectsSetting, readSetting } from '../../app/settings/settingAccess';
import { SETTING } from '../../app/settings/settingKeys';
import type { ServerConnection } from '../../client/serverConnection';
import type { EngineHit, EngineQuery } from './common/engine/protocol';
import { maxIndexBytes } from './common/searchLimits';
import { storageKey } from './node/indexKey';
import { ServerIndexer, type IndexProgress } from './node/serverIndexer';

export interface ServerHit extends EngineHit {
  connection: ServerConnection;
}

export class SearchService extends Disposable {
  private readonly indexers = new Map<ServerConnection, ServerIndexer>();
  /** The folder each indexer was started on (undefined: in memory). */
  private readonly folders = new Map<ServerConnection, string | undefined>();
  /** Per folder, the save of an indexer let go of (its server gone): the next one there loads after it. */
  private readonly closing = new Map<string, Promise<void>>();
  /** Connections whose log said this window keeps their index: said once it is online, so that its letting go is said. */
  private readonly announced = new WeakSet<ServerConnection>();
  /** Every index saved and let go of (deactivate() awaits it). */
  private shutdownDone?: Promise<void>;
  /** Paused by the user: a server connected meanwhile waits too, until Resume. */
  private paused = false;
  private readonly progressEmitter = this._register(new Emitter<void>());
  /** Progress moved (sessions read, a build began or ended). */
  readonly onDidProgress = this.progressEmitter.event;

  constructor(private readonly app: App) {
    super();
    this._register(app.registry.onDidChange(() => this.follow()));
    this._register(
      app.sessions.onDidChange((change) => {
        for (const [connection, own] of change.sessions) this.indexers.get(connection)?.handle(own);
        for (const connection of change.states) if (connection.state.kind === 'online') this.online(connection);
      }),
    );
    this._register({ dispose: () => void this.shutdown() });
    this._register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!affectsSetting(e, SETTING.searchMaxIndexMegabytes)) return;
        for (const indexer of this.indexers.values()) indexer.capChanged();
      }),
    );
    this.follow();
  }

  /**
   * Saves every index and lets go of its folder (stops serving it first, after the save): what deactivate() awaits, so
   * that an extension host stopping (a reload, a closed window) does not exit before, and the next owner (this window
   * again, or another) loads all of it.
   */
  shutdown(): Promise<void> {
    this.shutdownDone ??= Promise.all([...this.indexers.values()].map((i) => i.dispose())).then(() => undefined);
    return this.shutdownDone;
  }

  private follow(): void {
    const connections = new Set(this.app.registry.all);
    for (const connection of [...this.indexers.keys()]) if (!connections.has(connection)) this.retire(connection);
    for (const connection of connections) if (!this.indexers.has(connection)) this.start(connection);
    this.progressEmitter.fire();
  }

  /** Lets go of a server's indexer. A server that comes back (a restarted one, a moved service) has the same folder:
   * its new indexer loads what this one saves as it goes, not before. */
  private retire(connection: ServerConnection): void {
    const indexer = this.indexers.get(connection);
    const folder = this.folders.get(connection);
    this.indexers.delete(connection);
    this.folders.delete(connection);
    if (!indexer) return;
    if (this.announced.has(connection))
      this.app.log.info(
        `${connection.label}: this window no longer follows this server: its search index is saved and left to the user's other VS Code windows.`,
      );
    this.announced.delete(connection);
    const closed = indexer.dispose();
    if (!folder) return;
    this.closing.set(folder, closed);
    void closed.finally(() => this.closing.get(folder) === closed && this.closing.delete(folder));
  }

  /** The server is online: a server found on the probed port may be another than before (another folder then). */
  private online(connection: ServerConnection): void {
    const indexer = this.indexers.get(connection);
    if (!indexer) return;
    if (connection.config.found && this.folderOf(connection) !== this.folders.get(connection)) {
      this.retire(connection);
      this.start(connection);
      return;
    }
    this.announce(connection, indexer);
    void indexer.sync();
  }

  /**
   * Says which index this window uses, once the server is online (another window's, or its own in memory, the indexer
   * says itself): a server never reached (a suspended Agent) has nothing to say.
   */
  private announce(connection: ServerConnection, indexer: ServerIndexer): void {
    void indexer.ready().then(() => {
      if (!indexer.onDisk || this.indexers.get(connection) !== indexer || this.announced.has(connection)) return;
      if (connection.state.kind !== 'online') return;
      this.announced.add(connection);
      this.app.log.info(
        `${connection.label}: this window keeps this server's search index and shares it with the user's other VS Code windows (process ${process.pid}).`,
      );
    });
  }

  /** Where a server's index is kept; none (memory only) for a server found on the probed port until it lists a session. */
  private folderOf(connection: ServerConnection): string | undefined {
    const key = storageKey(connection);
    return key && `${this.app.extension.globalStorageUri.fsPath}/search/${key}`;
  }

  private start(connection: ServerConnection): ServerIndexer {
    const folder = this.folderOf(connection);
    this.folders.set(connection, folder);
    const indexer = new ServerIndexer(connection, {
      folder,
      after: folder ? this.closing.get(folder) : undefined,
      maxBytes: () => this.capBytes(),
      log: (message) => this.app.log.warn(message),
      onProgress: () => this.progressEmitter.fire(),
    });
    this.indexers.set(connection, indexer);
    this.announce(connection, indexer);
    if (this.paused) indexer.pause();
    else if (connection.state.kind === 'online') void indexer.sync();
    return indexer;
  }

  /** Each server's index cap, in bytes of text (the user's setting, held to its range). */
  capBytes(): number {
    return maxIndexBytes(readSetting<unknown>(SETTING.searchMaxIndexMegabytes));
  }

  /** Every server's best matches, best first; `servers` narrows to some. */
  async search(query: EngineQuery, servers?: ReadonlySet<string>): Promise<ServerHit[]> {
    const hits: ServerHit[] = [];
    for (const [connection, indexer] of [...this.indexers]) {
      if (servers && !servers.has(connection.config.id)) continue;
      for (const hit of await indexer.search(query)) hits.push({ ...hit, connection });
    }
    return hits.sort((a, b) => b.score - a.score).slice(0, query.limit ?? 50);
  }

  /**
   * The sessions in indexes this window follows (another window keeps them); none when it follows none. Every
   * owner is asked at once, and one that does not answer within a second counts as none (the pick never waits on it).
   */
  async followed(): Promise<number | undefined> {
    const following = [...this.indexers.values()].filter((indexer) => indexer.following);
    if (!following.length) return undefined;
    const counts = await Promise.all(following.map((indexer) => sessionsIn(indexer)));
    return counts.reduce((sum, n) => sum + n, 0);
  }

  /** Every server's progress together. */
  progress(): IndexProgress {
    const all: IndexProgress = { read: 0, total: 0, running: false, paused: false, failed: 0, partial: 0, dropped: 0 };
    for (const indexer of this.indexers.values()) {
      const p = indexer.progress();
      all.read += p.read;
      all.total += p.total;
      all.failed += p.failed;
      all.partial += p.partial;
      all.dropped += p.dropped;
      all.running ||= p.running;
      all.paused ||= p.paused;
    }
    return all;
  }

  pause(): void {
    this.paused = true;
    for (const indexer of this.indexers.values()) indexer.pause();
  }

  resume(): void {
    this.paused = false;
    for (const indexer of this.indexers.values()) indexer.resume();
  }

  /**
   * For the tests: the indexers as a restart makes them, reading what was saved (each saves first);
   * `whileDown` runs while none listens, as what happens on the servers while VS Code is closed.
   */
  async restart(whileDown?: () => Promise<void>): Promise<void> {
    const connections = [...this.indexers.keys()];
    const stopping = [...this.indexers.values()];
    this.indexers.clear();
    this.folders.clear();
    await Promise.all(stopping.map((i) => i.dispose()));
    await whileDown?.();
    for (const connection of connections) this.start(connection);
    await Promise.all([...this.indexers.values()].map((i) => i.ready()));
  }
}

const FOLLOWED_WAIT_MS = 1_000;

/** The sessions the index another window keeps holds, as its owner says: a whole number, else none. */
async function sessionsIn(indexer: ServerIndexer): Promise<number> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), FOLLOWED_WAIT_MS)));
  try {
    const stats = await Promise.race([indexer.engine.stats().catch(() => undefined), late]);
    const sessions = stats?.sessions;
    return typeof sessions === 'number' && Number.isSafeInteger(sessions) && sessions > 0 ? sessions : 0;
  } finally {
    clearTimeout(timer);
  }
}
