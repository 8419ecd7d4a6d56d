// Store changes batched: what several changes of one store add up to, in the order they happened.
import type { StoreChange } from './sessionStore';

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
