// How a session row reads in the tree: its money before the title, so that a narrow side bar (or a long title)
// cuts the rest of the row, never a figure: its own cost, and with sub-agents the inclusive cost (Σ) right after it
// (in the description, after a long title, a 300 px side bar cut it or hid it: issue 77). The title comes next, so
// that it, not more figures, has the room a narrow side bar leaves; the session's own tokens are the description:
// a wider side bar shows them, the tooltip always has every figure in full. The status bar reads the same figures
// in the same order (sessionBadge).
import { inclusiveMoney, ownMoney, PARTIAL_MARK, tokensWord } from './format';
import type { ListFigures } from '../store/price/listSum';
import { totalTokens, type Usage } from '../store/usage';

/** Between the money and the title: one space (a second one cost the title a character at the default width). */
export const ROW_SEPARATOR = ' ';

/** Leads the inclusive cost: "Σ$0.062", with no space after it (a space is a title character less at 300 px). */
export const SIGMA = 'Σ';

export interface SessionRowText {
  /** "$0.050 Fix the login"; "$0.050 Σ$0.062 Add checkout flow" with sub-agents. */
  label: string;
  /** The session's own tokens, "14.5k" ("0 tokens": a bare "0" reads as nothing at all). */
  description: string;
}

/**
 * With `list`, "≈$1.20" where OpenCode recorded $0 and the catalog has a list price. `partial`: sub-agents below it
 * are not read yet (OpenCode 2 listed by parent), so its Σ is "at least": "Σ≥$0.062".
 */
export function sessionRowText(
  title: string,
  own: Usage,
  inclusive: Usage,
  hasDescendants: boolean,
  list?: ListFigures,
  partial = false,
): SessionRowText {
  return {
    label: `${rowMoney(own, inclusive, hasDescendants, list, partial)}${ROW_SEPARATOR}${title}`,
    description: tokensWord(totalTokens(own)),
  };
}

/** What a row shows before its title: "$0.050", or "$0.050 Σ$0.062" with sub-agents. */
export function rowMoney(own: Usage, inclusive: Usage, hasDescendants: boolean, list?: ListFigures, partial = false): string {
  const money = ownMoney(own, list);
  if (!hasDescendants && !partial) return money;
  return `${money}${ROW_SEPARATOR}${SIGMA}${partial ? PARTIAL_MARK : ''}${inclusiveMoney(inclusive, list)}`;
}
