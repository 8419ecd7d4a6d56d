// Live updates send only what changed: the rows from the first one that differs from what the webview
// already has (usually just the new step), so a 5 000-step session does not resend its whole table.
import type { StepRow } from './protocol';
import { sameUsage } from '../../store/usage';

export function firstDifference(posted: readonly StepRow[], current: readonly StepRow[]): number {
  const n = Math.min(posted.length, current.length);
  for (let i = 0; i < n; i++) if (!sameRow(posted[i], current[i])) return i;
  return n;
}

function sameRow(a: StepRow, b: StepRow): boolean {
  return (
    a.messageID === b.messageID &&
    sameUsage(a, b) &&
    a.context === b.context &&
    a.model === b.model &&
    a.time === b.time &&
    a.source === b.source
  );
}
