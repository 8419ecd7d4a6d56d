import type { SessionReader } from './sessionReader';
import { addUsage, ZERO_USAGE, type Usage } from './usage';

/** Every session the store lists, each counted once by its own figures (children are sessions too). */
export function serverTotal(store: SessionReader): Usage {
  let total: Usage = { ...ZERO_USAGE };
  for (const record of store.all()) total = addUsage(total, record.own);
  return total;
}
