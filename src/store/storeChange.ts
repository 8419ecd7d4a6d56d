// What one change of a store touched (so views refresh exactly those rows), and several changes batched: what
// they add up to, in the order they happened.

export interface StoreChange {
  /** Sessions whose own row changed (ancestors included when their inclusive totals moved). */
  changed: Set<string>;
  /** Parents whose set of children changed (`undefined` = the root list). */
  structure: Set<string | undefined>;
  removed: Set<string>;
  /** Some session's pending requests came or went (views of what waits read only then). */
  requests: boolean;
  /**
   * Per session, the assistant messages whose figures or steps changed (`LAYOUT`: messages were removed or a
   * compaction placed, so the order of its steps may have changed): the usage panel updates those rows only.
   */
  messages?: Map<string, Set<string>>;
}

/** In `StoreChange.messages`: the session's steps may have moved, not only changed. */
export const LAYOUT = '\u0000layout';

export function emptyChange(): StoreChange {
  return { changed: new Set(), structure: new Set(), removed: new Set(), requests: false };
}

/** Marks one of a session's assistant messages (or its `LAYOUT`) changed. */
export function markMessage(change: StoreChange, sessionID: string, messageID: string): void {
  change.messages ??= new Map();
  let ids = change.messages.get(sessionID);
  if (!ids) change.messages.set(sessionID, (ids = new Set()));
  ids.add(messageID);
}

/** `later` folded into `into`: a session removed and then seen again counts as changed, one changed and then removed as removed. */
export function mergeStoreChange(into: StoreChange, later: StoreChange): StoreChange {
  for (const id of later.removed) {
    into.changed.delete(id);
    into.removed.add(id);
  }
  for (const id of later.changed) {
    into.removed.delete(id);
    into.changed.add(id);
  }
  for (const parent of later.structure) into.structure.add(parent);
  into.requests ||= later.requests;
  for (const [session, ids] of later.messages ?? []) {
    into.messages ??= new Map();
    const known = into.messages.get(session);
    if (known) for (const id of ids) known.add(id);
    else into.messages.set(session, new Set(ids));
  }
  return into;
}

export function copyStoreChange(change: StoreChange): StoreChange {
  return {
    changed: new Set(change.changed),
    structure: new Set(change.structure),
    removed: new Set(change.removed),
    requests: change.requests,
    ...(change.messages && { messages: new Map([...change.messages].map(([session, ids]) => [session, new Set(ids)])) }),
  };
}
