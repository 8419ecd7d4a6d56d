// Whether a listed session record says exactly what the held one does: a re-list (a reconnect, a tree read again)
// then changes nothing, and no view or index is told of it. Every field is compared, nested ones too, so a field
// added to SessionInfo later is compared without being named here.
import type { SessionInfo } from './events';

/** How deep SessionInfo nests (info → tokens → cache); anything deeper is taken as a difference. */
const MAX_DEPTH = 3;

export function sameSessionInfo(held: SessionInfo, listed: SessionInfo): boolean {
  return samePlain(held, listed, 0);
}

/** Plain data equal field by field; a field absent on one side and undefined on the other is the same. */
function samePlain(a: unknown, b: unknown, depth: number): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || depth >= MAX_DEPTH) return false;
  if (Array.isArray(a) || Array.isArray(b)) return false;
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  for (const key in left) if (!samePlain(left[key], right[key], depth + 1)) return false;
  for (const key in right) if (!(key in left) && right[key] !== undefined) return false;
  return true;
}
