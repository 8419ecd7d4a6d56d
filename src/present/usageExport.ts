// The per-step table as files: CSV for spreadsheets, JSON for scripts. Exact numbers, no rounding. `cost` is what
// OpenCode recorded; `listCost` the list-price estimate of a step recorded at $0 (empty: none, or no list price).
// A fork's copy of its original's step is listed with its figures at 0 (it spent nothing here, so a column's sum
// counts the money once) and `copiedCost` the cost its original recorded (empty for every other step).
// With the session tree's timeline, both say where its time went as session_status does: JSON under `timeline`,
// CSV as a second table (measure,value) after an empty line.
import type { TimelineStatus } from '../store/timeline/timelineTypes';
import type { StepRow } from './usageRows';

/** The tree's time in figures and in words (timelineWords.ts). */
export interface ExportTimeline {
  status: TimelineStatus;
  words: string[];
}

const STEP_COLUMNS = [
  'step',
  'time',
  'messageID',
  'model',
  'input',
  'output',
  'reasoning',
  'cacheRead',
  'cacheWrite',
  'cost',
  'listCost',
  'context',
  'source',
  'copiedCost',
] as const;

function values(s: StepRow): Array<string | number> {
  return [
    s.n,
    new Date(s.time).toISOString(),
    s.messageID,
    s.model,
    s.input,
    s.output,
    s.reasoning,
    s.cacheRead,
    s.cacheWrite,
    s.cost,
    s.listCost ?? '',
    s.context ?? '',
    s.source,
    s.copied ? s.copied.cost : '',
  ];
}

export function stepsToCsv(steps: readonly StepRow[], timeline?: ExportTimeline): string {
  const lines = [STEP_COLUMNS.join(',')];
  for (const s of steps) lines.push(values(s).map(csvField).join(','));
  if (timeline) {
    const { status, words } = timeline;
    const path = status.criticalPath.map((s) => `${s.title} (${s.id}, ${s.ms} ms)`).join(' → ');
    const rows: Array<[string, string | number]> = [
      ['wallMs', status.wallMs],
      ['busyMs', status.busyMs],
      ['waitingMs', status.waitingMs],
      ['idleMs', status.idleMs],
      ['criticalPath', path],
      ...words.map((w): [string, string] => ['words', w]),
    ];
    lines.push('', 'measure,value', ...rows.map((r) => r.map(csvField).join(',')));
  }
  return `${lines.join('\r\n')}\r\n`;
}

export function stepsToJson(sessionID: string, steps: readonly StepRow[], timeline?: ExportTimeline): string {
  // A step's values made once, not once per column (14 times: 1.4 s for 50 000 steps in one synchronous step).
  const rows = steps.map((s) => {
    const row = values(s);
    return Object.fromEntries(STEP_COLUMNS.map((c, i) => [c, row[i]]));
  });
  const time = timeline && { timeline: { ...timeline.status, words: timeline.words } };
  return `${JSON.stringify({ sessionID, steps: rows, ...time }, null, 2)}\n`;
}

// RFC 4180 quoting; a leading =, +, - or @ would run as a formula in a spreadsheet, so text gets a quote.
function csvField(value: string | number): string {
  if (typeof value === 'number') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
