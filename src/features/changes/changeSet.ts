// A session's changed files as the tree and the diff editor show them: its own turns (and, when asked, every
// sub-agent's), without the turns a revert took back, composed into one net change per file.
import type { ServerConnection } from '../../client/serverConnection';
import type { SessionChanges } from './sessionChanges';
import type { Turn } from '../../store/turns';
import { composeChanges, composeWithSubagents, type ChangedFile } from './fileChanges';
import type { SessionRecord } from '../../store/sessionRecord';

/** The changes of every server's sessions, read on demand. */
export type ServerChanges = SessionChanges<ServerConnection>;

export interface ChangeSet {
  files: ChangedFile[];
  /** Turns taken back by a revert that Undo Revert can restore. */
  revertedTurns: number;
  /** Every turn still counted, oldest first (Revert and Show Changes of a Turn pick from them). */
  turns: Turn[];
}

const memo = new WeakMap<ServerConnection, Map<string, { inputs: Array<Turn[] | undefined>; revert: string; set: ChangeSet }>>();

/** undefined until the session's turns have been read once (the read starts now). */
export function changeSet(
  changes: SessionChanges<ServerConnection>,
  connection: ServerConnection,
  sessionId: string,
  includeSubagents: boolean,
): ChangeSet | undefined {
  const record = connection.sessions.get(sessionId);
  if (!record) return undefined;
  const own = changes.turns(connection, record);
  if (!own) return undefined;
  const descendants = includeSubagents ? connection.sessions.descendantsOf(sessionId) : [];
  const below = descendants.map((r) => changes.turns(connection, r));
  const inputs = [own, ...below];
  const revert = revertKey([record, ...descendants]);
  const key = `${sessionId}\u0000${includeSubagents}`;
  let byKey = memo.get(connection);
  if (!byKey) memo.set(connection, (byKey = new Map<string, { inputs: Array<Turn[] | undefined>; revert: string; set: ChangeSet }>()));
  const known = byKey.get(key);
  if (known && known.revert === revert && known.inputs.length === inputs.length && known.inputs.every((t, i) => t === inputs[i]))
    return known.set;
  const kept = keptTurns(record, own);
  // A sub-agent's turns go with its own revert, and with the parent's: nothing after the parent's revert point stays.
  const revertedAt = record.info.revert
    ? (own.find((t) => t.messageID === record.info.revert!.messageID)?.created ?? revertTime(record))
    : Infinity;
  const subTurns = descendants.flatMap((r, i) => keptTurns(r, below[i] ?? []).filter((t) => t.created < revertedAt));
  const files = subTurns.length ? composeWithSubagents(kept, subTurns) : composeChanges(kept);
  const set = { files, revertedTurns: own.length - kept.length, turns: [...kept, ...subTurns].sort((a, b) => a.created - b.created) };
  byKey.set(key, { inputs, revert, set });
  return set;
}

/** A revert to before message M takes back M's turn and every later one; ids grow with time. */
function keptTurns(record: SessionRecord, turns: readonly Turn[]): Turn[] {
  const from = record.info.revert?.messageID;
  return from ? turns.filter((t) => t.messageID < from) : [...turns];
}

/** When the revert point was asked, from the user message if the store knows it. */
function revertTime(record: SessionRecord): number {
  const id = record.info.revert?.messageID;
  return (id && record.userMessages.get(id)?.created) || Infinity;
}

function revertKey(records: readonly SessionRecord[]): string {
  return records.map((r) => r.info.revert?.messageID ?? '').join('\u0000');
}

/** The net change of the given turns only (Show Changes of This Turn), or undefined while the session is unread. */
export function turnChanges(
  changes: SessionChanges<ServerConnection>,
  connection: ServerConnection,
  sessionId: string,
  turnIds: ReadonlySet<string>,
): ChangedFile[] | undefined {
  const set = changeSet(changes, connection, sessionId, false);
  const all = set && [...set.turns, ...(changeSet(changes, connection, sessionId, true)?.turns ?? [])];
  if (!all) return undefined;
  const picked = new Map(all.filter((t) => turnIds.has(t.messageID)).map((t) => [t.messageID, t]));
  return composeChanges([...picked.values()]);
}
