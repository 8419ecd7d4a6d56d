// The timeline in words, for those who do not look at it: where the wall time went, the critical path, the longest
// wait, the most expensive sub-agent and the idle time between steps. Plain text (shown as text, never markup).
import { formatDuration, formatExactCost } from './format';
import type { TimelineFigures, TimelineMarkKind } from '../store/timeline/timelineTypes';

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
  if (f.criticalPath.length > 1)
    words.push(
      `Critical path: ${f.criticalPath.map((s, i) => (i === 0 ? `“${s.title}”` : `“${s.title}” (${timelineDuration(s.ms)})`)).join(' → ')}.`,
    );
  if (f.longestWait)
    words.push(
      `Longest wait: ${timelineDuration(f.longestWait.ms)} for ${WAIT_NAMES[f.longestWait.kind] ?? f.longestWait.kind} in “${f.longestWait.title}”.`,
    );
  if (f.mostExpensive) words.push(`Most expensive sub-agent: “${f.mostExpensive.title}”, ${formatExactCost(f.mostExpensive.cost)}.`);
  if (f.longestIdle)
    words.push(`Idle between steps: ${timelineDuration(f.idleMs)} in all, the longest ${timelineDuration(f.longestIdle.ms)}.`);
  return words;
}
