// What the Changes rows look up per row, kept by what they look up: VS Code asks every child's TreeItem (and parent)
// of a Changes row of F files at once, so each row finds its file in a Map made once per change set, not by a scan
// (F rows × F files), and the rows' nodes are kept per session, so a removed session forgets only its own.
// No `vscode` here: the scale suite runs it (test/scale/readers/changeRowIndex.ts).
import type { ChangeSet } from './changeSet';
import type { ChangedFile } from './fileChanges';

export interface FileInSet {
  file: ChangedFile;
  /** Listed under “changed meanwhile”, not among the session's own files. */
  meanwhile: boolean;
}

// Keyed by the set: changeSet gives the same object until its inputs change, and a new one after.
const indexes = new WeakMap<ChangeSet, Map<string, FileInSet>>();

/** The set's file at `path` (its own files first, then the meanwhile ones), or undefined: one Map per set, made on first ask. */
export function fileInSet(set: ChangeSet, path: string): FileInSet | undefined {
  let index = indexes.get(set);
  if (!index) {
    index = new Map();
    for (const file of set.files) if (!index.has(file.path)) index.set(file.path, { file, meanwhile: false });
    for (const file of set.meanwhile) if (!index.has(file.path)) index.set(file.path, { file, meanwhile: true });
    indexes.set(set, index);
  }
  return index.get(path);
}

interface SessionNodes<N> {
  changes?: N;
  meanwhile?: N;
  files: Map<string, N>;
}

/** One node per row (tree refreshes match by identity), per server and session; a file's by its path. */
export class ChangeRowNodes<N> {
  private readonly servers = new Map<string, Map<string, SessionNodes<N>>>();

  /** The session's Changes row. */
  changes(serverId: string, sessionId: string, make: () => N): N {
    const nodes = this.session(serverId, sessionId);
    return (nodes.changes ??= make());
  }

  /** Its “changed meanwhile” group. */
  meanwhile(serverId: string, sessionId: string, make: () => N): N {
    const nodes = this.session(serverId, sessionId);
    return (nodes.meanwhile ??= make());
  }

  /** One of its files. */
  file(serverId: string, sessionId: string, path: string, make: () => N): N {
    const files = this.session(serverId, sessionId).files;
    let node = files.get(path);
    if (!node) files.set(path, (node = make()));
    return node;
  }

  /** The session's Changes row if one was made (to redraw it), else undefined. */
  shownChanges(serverId: string, sessionId: string): N | undefined {
    return this.servers.get(serverId)?.get(sessionId)?.changes;
  }

  /** A session's nodes (its own only), or a whole server's when no session is named. */
  forget(serverId: string, sessionId?: string): void {
    if (sessionId === undefined) this.servers.delete(serverId);
    else this.servers.get(serverId)?.delete(sessionId);
  }

  private session(serverId: string, sessionId: string): SessionNodes<N> {
    let sessions = this.servers.get(serverId);
    if (!sessions) this.servers.set(serverId, (sessions = new Map<string, SessionNodes<N>>()));
    let nodes = sessions.get(sessionId);
    if (!nodes) sessions.set(sessionId, (nodes = { files: new Map() }));
    return nodes;
  }
}
