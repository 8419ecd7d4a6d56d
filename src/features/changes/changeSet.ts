// A session's changed files as the tree and the diff editor show them: its own turns (and, when asked, every
// sub-agent's), without the turns a revert took back, composed into one net change per file.
import type { ServerConnection } from '../../client/serverConnection';
import type { SessionChanges, SessionFigures } from './sessionChanges';
import { composeChanges, composeWithSubagents, type ChangedFile, type NetLookup, type TurnFigures } from './fileChanges';
import type { SessionRecord } from '../../store/sessionRecord';

/** The changes of every server's sessions, read on demand. */
export type ServerChanges = SessionChanges<ServerConnection>;

export interface ChangeSet {
  /** The files the session's own tools changed (with sub-agents', when asked). */
  files: ChangedFile[];
  /** Files its turns' diffs hold that something else changed meanwhile: never counted as its own. */
  meanwhile: ChangedFile[];
  /** Turns taken back by a revert that Undo Revert can restore. */
  revertedTurns: number;
  /** Every turn still counted, oldest first (Revert and Show Changes of a Turn pick from them). */
  turns: TurnFigures[];
}

// Keyed by the session's figures: when the cache drops them, what was composed from them goes too.
interface Memo {
  inputs: Array<SessionFigures | undefined>;
  revert: string;
  set: ChangeSet;
}
const memo = new WeakMap<SessionFigures, Map<string, Memo>>();

/** undefined until the session's turns have been read once (the read starts now). */
export function changeSet(
  changes: SessionChanges<ServerConnection>,
  connection: ServerConnection,
  sessionId: string,
  includeSubagents: boolean,
): ChangeSet | undefined {
  const record = connection.sessions.get(sessionId);
  if (!record) return undefined;
  const figures = changes.figures(connection, record);
  if (!figures) return undefined;
  const own = figures.turns;
  const descendants = includeSubagents ? connection.sessions.descendantsOf(sessionId) : [];
  const belowFigures = descendants.map((r) => changes.figures(connection, r));
  const below = belowFigures.map((f) => f?.turns);
  const inputs = [figures, ...belowFigures];
  const revert = revertKey([record, ...descendants]);
  const key = String(includeSubagents);
  let byKey = memo.get(figures);
  if (!byKey) memo.set(figures, (byKey = new Map<string, Memo>()));
  const known = byKey.get(key);
  if (known && known.revert === revert && known.inputs.length === inputs.length && known.inputs.every((t, i) => t === inputs[i]))
    return known.set;
  const kept = keptTurns(record, own);
  // A sub-agent's turns go with its own revert, and with the parent's: nothing after the parent's revert point stays.
  const revertedAt = record.info.revert
    ? (own.find((t) => t.messageID === record.info.revert!.messageID)?.created ?? revertTime(record))
    : Infinity;
  const subTurns = descendants.flatMap((r, i) => keptTurns(r, below[i] ?? []).filter((t) => t.created < revertedAt));
  const net = netLookup(inputs);
  const all = subTurns.length ? composeWithSubagents(kept, subTurns, net) : composeChanges(kept, net);
  const set = {
    files: all.filter((f) => f.own),
    meanwhile: all.filter((f) => !f.own),
    revertedTurns: own.length - kept.length,
    turns: [...kept, ...subTurns].sort((a, b) => a.created - b.created),
  };
  byKey.set(key, { inputs, revert, set });
  return set;
}

/** A revert to before message M takes back M's turn and every later one; ids grow with time. */
function keptTurns(record: SessionRecord, turns: readonly TurnFigures[]): TurnFigures[] {
  const from = record.info.revert?.messageID;
  return from ? turns.filter((t) => t.messageID < from) : [...turns];
}

/** When the revert point was asked, from the user message if the store knows it. */
function revertTime(record: SessionRecord): number {
  const id = record.info.revert?.messageID;
  return (id && record.userMessages.get(id)?.created) || Infinity;
}

/** Net counts from every session involved (their keys name turns, which are unique). */
function netLookup(figures: ReadonlyArray<SessionFigures | undefined>): NetLookup {
  return (key) => {
    for (const f of figures) {
      const counts = f?.net.get(key);
      if (counts) return counts;
    }
    return undefined;
  };
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
  const record = connection.sessions.get(sessionId);
  const figures = [
    record && changes.figures(connection, record),
    ...connection.sessions.descendantsOf(sessionId).map((r) => changes.figures(connection, r)),
  ];
  return composeChanges([...picked.values()], netLookup(figures));
}
