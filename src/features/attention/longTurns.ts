// Which root turns ran and ended, from the sessions a frame changed (no `vscode`: LongTurnNotifier words and shows
// them). A server decides how many sessions a frame changes and how they hang: each root's tree is walked once a frame.
import { rootOf } from '../../store/attention';
import type { SessionReader } from '../../store/sessionReader';

/** A root's turn that ended: how long its tree ran. */
export interface EndedTurn {
  root: string;
  ms: number;
}

export class LongTurns {
  /** Root sessions running now, and since when (`serverId\0rootId`). */
  private readonly running = new Map<string, number>();

  /** A frame changed `changed` on a server: marks the roots that began running, and gives those that stopped. */
  check(serverId: string, sessions: SessionReader, changed: Iterable<string>, now: number): EndedTurn[] {
    const ended: EndedTurn[] = [];
    // rootOf walks up at most the store's MAX_DEPTH (100) links: linear in the sessions changed.
    const roots = new Set<string>();
    for (const id of changed) if (sessions.get(id)) roots.add(rootOf(sessions, id));
    for (const root of roots) {
      const key = `${serverId}\u0000${root}`;
      const since = this.running.get(key);
      if (treeRuns(sessions, root)) {
        if (since === undefined) this.running.set(key, now);
        continue;
      }
      if (since === undefined) continue;
      this.running.delete(key);
      ended.push({ root, ms: now - since });
    }
    return ended;
  }
}

/** Whether the root or anything below it is not idle. */
function treeRuns(sessions: SessionReader, root: string): boolean {
  if (sessions.get(root)?.status.type !== 'idle') return true;
  return sessions.descendantsOf(root).some((r) => r.status.type !== 'idle');
}
