// Lists that come from a server may hold any number of items: spreading one into a call's arguments
// (`push(...list)`, `Math.max(...list)`) throws past the engine's argument limit (about 120 000 on V8), so these
// loop instead.

/** Appends every item of `items` to `target` (what `target.push(...items)` does, for any number of items). */
export function pushAll<T>(target: T[], items: Iterable<T>): T[] {
  for (const item of items) target.push(item);
  return target;
}

/** The largest number of `values`, or undefined when there are none. */
export function maxOf(values: Iterable<number>): number | undefined {
  let max: number | undefined;
  for (const v of values) if (max === undefined || v > max) max = v;
  return max;
}

/** Adds `item` to the list `lists` holds at `key`, a new list when it holds none. */
export function pushTo<K, V>(lists: Map<K, V[]>, key: K, item: V): void {
  const list = lists.get(key);
  if (list) list.push(item);
  else lists.set(key, [item]);
}
