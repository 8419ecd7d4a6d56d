// A form field's options as the quick pick shows them, and which of them the field's default picks: one pass over
// each, without VS Code, so the scale suite runs it as the walker does. A model may list any number of options;
// the pick shows the first MAX_OPTIONS_SHOWN (each label is cleaned for display, and VS Code copies every item to
// its window), and says how many it left out.
import { iconSafe } from '../../present/plainText';
import { oneLine } from '../../present/requestText';
import type { FormOption } from '../../store/formRequest';
import type { FormPickItem } from './formInputs';

/** The most options one pick shows: a few milliseconds of cleaning labels. */
export const MAX_OPTIONS_SHOWN = 1_000;

export interface OptionChoices {
  /** The first MAX_OPTIONS_SHOWN options as pick items, their words made safe to show. */
  items: FormPickItem[];
  /** Those items whose value `defaults` names. */
  picked: FormPickItem[];
  /** How many options are not shown (0 when all are). */
  left: number;
}

/** The options as pick items, those the defaults name picked, and how many were left out. */
export function optionChoices(options: readonly FormOption[], defaults: readonly string[] = []): OptionChoices {
  const shown = options.length > MAX_OPTIONS_SHOWN ? options.slice(0, MAX_OPTIONS_SHOWN) : options;
  const items = shown.map((o) => ({ label: shownText(o.label), description: shownText(o.description), value: o.value }));
  // The set is of the shown values (a model's list of defaults may be long): one pass over the defaults.
  const shownValues = new Set(shown.map((o) => o.value));
  const named = new Set<string>();
  for (const value of defaults) if (shownValues.has(value)) named.add(value);
  return { items, picked: items.filter((item) => named.has(item.value)), left: options.length - shown.length };
}

/** Words as a pick item shows them: one line of at most 200 characters, so only the first 256 are cleaned. */
function shownText(text: string): string {
  return iconSafe(oneLine(text.length > 256 ? text.slice(0, 256) : text));
}
