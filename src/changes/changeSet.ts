// A session's changed files as the tree and the diff editor show them: its own turns (and, when asked, every
// sub-agent's), without the turns a revert took back, composed into one net change per file.
import type { ServerConnection } from '../client/serverConnection';
import type { SessionChanges } from '../client/sessionChanges';
import { composeChanges, type ChangedFile, type Turn } from '../store/fileChanges';

export interface ChangeSet {
  files: ChangedFile[];
  /** Turns taken back by a revert that Undo Revert can restore. */
  revertedTurns: number;
  /** Every turn still counted, oldest first (Revert and Show Changes of a Turn pick from them). */
  turns: Turn[];
}

const memo = new WeakMap<ServerConnection, Map<string, { inputs: Array<Turn[] | undefined>; set: ChangeSet }>>();

/** undefined until the session's turns have been read once (the read starts now). */
export function changeSet(changes: SessionChanges<ServerConnection>, connection: ServerConnection, sessionId: string, includeSubagents: boolean): ChangeSet | undefined {
  const record = connection.sessions.get(sessionId);
  if (!record) return undefined;
  const own = changes.turns(connection, record);
  if (!own) return undefined;
  const below = includeSubagents ? connection.sessions.descendantsOf(sessionId).map((r) => changes.turns(connection, r)) : [];
  const inputs = [own, ...below];
  const key = `${sessionId}\u0000${includeSubagents}\u0000${record.info.revert?.messageID ?? ''}`;
  let byKey = memo.get(connection);
  if (!byKey) memo.set(connection, (byKey = new Map()));
  const known = byKey.get(key);
  if (known && known.inputs.length === inputs.length && known.inputs.every((t, i) => t === inputs[i])) return known.set;
  // A revert to before message M takes back M's turn and every later one; ids grow with time.
  const revertedFrom = record.info.revert?.messageID;
  const kept = revertedFrom ? own.filter((t) => t.messageID < revertedFrom) : own;
  const turns = [...kept, ...below.flatMap((t) => t ?? [])].sort((a, b) => a.created - b.created);
  const set = { files: composeChanges(turns), revertedTurns: own.length - kept.length, turns };
  byKey.set(key, { inputs, set });
  return set;
}
