// The timeline in words, for those who do not look at it: where the wall time went, the critical path, the longest
// wait, the most expensive sub-agent and the idle time between steps. Plain text (shown as text, never markup).
import { pushTo } from '../base/arrays';
import { formatCost, formatDuration } from './format';
import type { CriticalStep, TimelineFigures, TimelineMarkKind } from '../store/timeline/timelineTypes';

const WAIT_NAMES: Partial<Record<TimelineMarkKind, string>> = {
  permission: 'a permission',
  form: 'an answer',
  retry: 'a retry',
  pause: 'a budget pause',
};

/** Under a minute to a tenth of a second (steps are often short); longer as formatDuration says it. */
export function timelineDuration(ms: number): string {
  const safe = Math.max(0, Number.isFinite(ms) ? ms : 0);
  if (safe < 1000) return `${Math.round(safe)} ms`;
  if (safe < 60_000) return `${(Math.floor(safe / 100) / 10).toFixed(1)} s`;
  return formatDuration(safe);
}

export function timelineWords(f: TimelineFigures): string[] {
  const words = [
    `Wall time ${timelineDuration(f.wallMs)}: busy ${timelineDuration(f.busyMs)}, waiting ${timelineDuration(f.waitingMs)}, idle ${timelineDuration(f.idleMs)}.`,
  ];
  if (f.criticalPath.length > 1) words.push(`Critical path: ${criticalPathWords(f.criticalPath)}.`);
  if (f.longestWait)
    words.push(
      `Longest wait: ${timelineDuration(f.longestWait.ms)} for ${WAIT_NAMES[f.longestWait.kind] ?? f.longestWait.kind} in “${f.longestWait.title}”.`,
    );
  if (f.mostExpensive) words.push(`Most expensive sub-agent: “${f.mostExpensive.title}”, ${formatCost(f.mostExpensive.cost)}.`);
  if (f.longestIdle)
    words.push(`Idle between steps: ${timelineDuration(f.idleMs)} in all, the longest ${timelineDuration(f.longestIdle.ms)}.`);
  return words;
}

/** A title said again to tell whose wait comes next: cut, so a path naming a long title k times stays linear. */
const RESTATED_CHARS = 40;

/** A step to be written, and whether it wrote sub-agents of its own (the next sibling then names its parent again). */
interface Node {
  step: CriticalStep;
  root: boolean;
  nested: boolean;
}
type Item = string | Node | { after: Node; again: string };

/**
 * The critical path as a person says it: “A” waited on “B” (2.6 s), then on “C” (1.3 s) for siblings; “A” waited
 * on “B” (2.6 s), which waited on “C” (1.0 s) for a chain; a sibling after a nested chain names whose it is again
 * (…; then “A” waited on “D” (0.5 s)). Issue 77: arrows read as a chain, braces as code. `path` is depth first (each
 * step after the one that waited on it). Iterative and linear (a path may be deep, a title long).
 */
export function criticalPathWords(path: ReadonlyArray<CriticalStep>): string {
  const below = new Map<string, CriticalStep[]>();
  for (const step of path.slice(1)) pushTo(below, step.parentId ?? path[0].id, step);
  const out: string[] = [];
  const stack: Item[] = [{ step: path[0], root: true, nested: false }];
  const seen = new Set<string>();
  while (stack.length) {
    const next = stack.pop()!;
    if (typeof next === 'string') {
      out.push(next);
      continue;
    }
    if ('after' in next) {
      out.push(next.after.nested ? next.again : ', then on ');
      continue;
    }
    const { step, root } = next;
    out.push(root ? `“${step.title}”` : `“${step.title}” (${timelineDuration(step.ms)})`);
    if (seen.has(step.id)) continue;
    seen.add(step.id);
    const children = below.get(step.id) ?? [];
    if (!children.length) continue;
    next.nested = true;
    const items: Item[] = [root ? ' waited on ' : ', which waited on '];
    // Said once per parent, however many siblings name it again.
    const again = children.length > 1 ? `; then “${restated(step.title)}” waited on ` : '';
    let previous: Node | undefined;
    for (const child of children) {
      if (previous) items.push({ after: previous, again });
      previous = { step: child, root: false, nested: false };
      items.push(previous);
    }
    for (let i = items.length - 1; i >= 0; i--) stack.push(items[i]);
  }
  return out.join('');
}

function restated(title: string): string {
  return title.length > RESTATED_CHARS ? `${title.slice(0, RESTATED_CHARS - 1).trimEnd()}…` : title;
}
