// A session row's badge worked out from the server's own records, independently of the extension's store:
// own figures, and Σ over every descendant once.
import type { Session } from '@opencode-ai/sdk/v2/client';
import { sessionBadge } from '../../src/present/format';
import { addUsage, usageOf, type Usage } from '../../src/store/usage';

export function expectedBadge(all: Session[], session: Session): string {
  const own = usageOf(session.tokens, session.cost);
  const descendants = all.filter((s) => s.id !== session.id && isDescendant(all, s, session.id));
  const inclusive = descendants.reduce<Usage>((sum, s) => addUsage(sum, usageOf(s.tokens, s.cost)), own);
  return sessionBadge(own, inclusive, all.some((s) => s.parentID === session.id));
}

export function isDescendant(all: Session[], session: Session, ancestorId: string): boolean {
  for (let cur: Session | undefined = session; cur?.parentID; cur = all.find((s) => s.id === cur.parentID)) {
    if (cur.parentID === ancestorId) return true;
  }
  return false;
}
