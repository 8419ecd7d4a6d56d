// A session row's figures worked out from the server's own records, independently of the extension's store:
// own figures, and Σ over every descendant once.
import type { Session } from '@opencode-ai/sdk/v2/client';
import { ROW_SEPARATOR, SIGMA, sessionRowText, type SessionRowText } from '../../src/present/sessionRow';
import { sessionTitle } from '../../src/present/sessionTitle';
import { addUsage, usageOf, type Usage } from '../../src/store/usage';

/**
 * What the session's row reads: the money (with sub-agents its Σ too) and the title as its label (as every view names
 * it), its own tokens as its description.
 */
export function expectedRow(all: Session[], session: Session): SessionRowText {
  const { own, inclusive, hasChildren } = figures(all, session);
  return sessionRowText(sessionTitle(session), own, inclusive, hasChildren);
}

function figures(all: Session[], session: Session): { own: Usage; inclusive: Usage; hasChildren: boolean } {
  const own = usageOf(session.tokens, session.cost);
  const descendants = all.filter((s) => s.id !== session.id && isDescendant(all, s, session.id));
  const inclusive = descendants.reduce<Usage>((sum, s) => addUsage(sum, usageOf(s.tokens, s.cost)), own);
  return { own, inclusive, hasChildren: all.some((s) => s.parentID === session.id) };
}

export function isDescendant(all: Session[], session: Session, ancestorId: string): boolean {
  for (let cur: Session | undefined = session; cur?.parentID; cur = all.find((s) => s.id === cur.parentID)) {
    if (cur.parentID === ancestorId) return true;
  }
  return false;
}

/** A session row label's title: what follows its money and, with sub-agents, its Σ (sessionRow's rowMoney). */
export function rowLabelTitle(label: string): string {
  const first = label.indexOf(ROW_SEPARATOR);
  if (first < 0) return label;
  const rest = label.slice(first + ROW_SEPARATOR.length);
  if (!rest.startsWith(SIGMA)) return rest;
  // A Σ figure is the row's only when money as formatCost writes it follows ("Σ$0.062", "Σ≥$0.062"): a title may
  // start with "Σ" too (only one that starts with a whole figure, "Σ$1.00 …", reads as one).
  const money = rest.indexOf(ROW_SEPARATOR);
  return money > 0 && /^Σ[≥≈]{0,2}\$\d+\.\d+$/.test(rest.slice(0, money)) ? rest.slice(money + ROW_SEPARATOR.length) : rest;
}
