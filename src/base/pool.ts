// Work on a list of any length without starting it all at once: a server asked to stop 100 000 sessions in one
// breath is a flood, and so is the extension host holding that many requests open.

/**
 * `fn` of every item, at most `limit` at a time, each started as one ends; the results in the items' order. Rejects
 * as Promise.all does, with the first failure (items not started by then are not started).
 */
export async function mapPooled<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (!failed && next < items.length) {
      const index = next++;
      try {
        results[index] = await fn(items[index], index);
      } catch (err) {
        failed = true;
        throw err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
