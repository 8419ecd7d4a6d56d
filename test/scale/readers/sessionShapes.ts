// Sessions as a server lists them, for the readers of a store's sessions (budgetCheck.ts, publicApi.ts, longTurns.ts,
// sessionTree.ts, …): how many and how they hang is the server's to decide.
import type { SessionInfo } from '../../../src/store/events';

/** When every shape's sessions were created and last updated. */
export const NOW = 1_700_000_000_000;

/** `count` sessions `s0`, `s1`, …, session i the child of `parentOf(i)` (a root where undefined), titled by their id. */
export function sessionInfos(count: number, parentOf: (i: number) => number | undefined): SessionInfo[] {
  return Array.from({ length: count }, (_, i) => {
    const parent = parentOf(i);
    return {
      id: `s${i}`,
      ...(parent !== undefined && { parentID: `s${parent}` }),
      title: `s${i}`,
      directory: '/w',
      time: { created: NOW, updated: NOW },
    };
  });
}
