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
  return into;
}

export function copyStoreChange(change: StoreChange): StoreChange {
  return {
    changed: new Set(change.changed),
    structure: new Set(change.structure),
    removed: new Set(change.removed),
    requests: change.requests,
  };
}
