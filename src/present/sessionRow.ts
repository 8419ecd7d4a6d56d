// How a session row reads in the tree: the money before the title, so that a narrow side bar (or a long
// title) cuts the title, never the cost; the session's own tokens after it, as the description. The status
// bar reads the same figures in the same order (sessionBadge); the tooltip has every figure in full.
import { costBadge, tokensWord } from './format';
import type { ListFigures } from '../store/price/listSum';
import { totalTokens, type Usage } from '../store/usage';

/** Between the money and the title (two spaces: tree labels keep white space). */
export const ROW_SEPARATOR = '  ';

export interface SessionRowText {
  /** "$0.050  Fix the login", or "$0.050 · Σ $0.062  Add checkout flow" for a session with sub-agents. */
  label: string;
  /** The session's own tokens, "14.5k" ("0 tokens": a bare "0" reads as nothing at all). */
  description: string;
}

/** With `list`, "≈$1.20" where OpenCode recorded $0 and the catalog has a list price. */
export function sessionRowText(title: string, own: Usage, inclusive: Usage, hasDescendants: boolean, list?: ListFigures): SessionRowText {
  return {
    label: `${costBadge(own, inclusive, hasDescendants, list)}${ROW_SEPARATOR}${title}`,
    description: tokensWord(totalTokens(own)),
  };
}
