// Walking up a session tree. Parent links come from the server, so a malformed answer could make a loop:
// every walk stops at the first id it has seen before.

/** `id` itself, then its parent, grandparent… as `parentOf` links them. */
export function* selfAndAncestors(id: string | undefined, parentOf: (id: string) => string | undefined): Generator<string> {
  const seen = new Set<string>();
  for (let cur = id; cur && !seen.has(cur); cur = parentOf(cur)) {
    seen.add(cur);
    yield cur;
  }
}
