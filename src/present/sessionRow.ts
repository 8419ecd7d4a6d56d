// How a session row reads in the tree: its own money before the title, so that a narrow side bar (or a long
// title) cuts the rest of the row, never the cost; the title comes second so that it, not more figures, has the
// room a narrow side bar leaves. The inclusive cost (with sub-agents) and the session's own tokens follow as the
// description: a wider side bar shows them, the tooltip always has every figure in full. The status bar reads the
// same figures (sessionBadge).
import { inclusiveMoney, ownMoney, PARTIAL_MARK, tokensWord } from './format';
import type { ListFigures } from '../store/price/listSum';
import { totalTokens, type Usage } from '../store/usage';

/** Between the money and the title: one space (a second one cost the title a character at the default width). */
export const ROW_SEPARATOR = ' ';

export interface SessionRowText {
  /** "$0.050 Fix the login". */
  label: string;
  /** The session's own tokens, "14.5k" ("0 tokens": a bare "0" reads as nothing at all); "Σ $0.062 · 14.5k" with sub-agents. */
  description: string;
}

/**
 * With `list`, "≈$1.20" where OpenCode recorded $0 and the catalog has a list price. `partial`: sub-agents below it
 * are not read yet (OpenCode 2 listed by parent), so its Σ is "at least": "Σ ≥$0.062".
 */
export function sessionRowText(
  title: string,
  own: Usage,
  inclusive: Usage,
  hasDescendants: boolean,
  list?: ListFigures,
  partial = false,
): SessionRowText {
  const tokens = tokensWord(totalTokens(own));
  return {
    label: `${ownMoney(own, list)}${ROW_SEPARATOR}${title}`,
    description: hasDescendants || partial ? `Σ ${partial ? PARTIAL_MARK : ''}${inclusiveMoney(inclusive, list)} · ${tokens}` : tokens,
  };
}
