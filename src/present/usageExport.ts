// The per-step table as files: CSV for spreadsheets, JSON for scripts. Exact numbers, no rounding. `cost` is what
// OpenCode recorded; `listCost` the list-price estimate of a step recorded at $0 (empty: none, or no list price).
// A fork's copy of its original's step is listed with its figures at 0 (it spent nothing here, so a column's sum
// counts the money once) and `copiedCost` the cost its original recorded (empty for every other step).
// With the session tree's timeline, both say where its time went as session_status does: JSON under `timeline`,
// CSV as a second table (measure,value) after an empty line.
import type { Steps } from '../base/slices';
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

/** Steps written between two yields: a few ms, so an export of a long tree never holds the host (slices.ts). */
const STEPS_PER_SLICE = 256;

/** The CSV file, in steps that yield (run with runSliced; 20 000 steps were one 200 ms step). */
export function* csvSteps(steps: readonly StepRow[], timeline?: ExportTimeline): Steps<string> {
  const lines = [STEP_COLUMNS.join(',')];
  for (let i = 0; i < steps.length; i++) {
    lines.push(values(steps[i]).map(csvField).join(','));
    if (i % STEPS_PER_SLICE === STEPS_PER_SLICE - 1) yield;
  }
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

/**
 * The JSON file, in steps that yield: laid out as `JSON.stringify(file, null, 2)` would, a step at a time (that one
 * call held the host 200 ms at 20 000 steps).
 */
export function* jsonSteps(sessionID: string, steps: readonly StepRow[], timeline?: ExportTimeline): Steps<string> {
  const rows: string[] = [];
  for (let i = 0; i < steps.length; i++) {
    // A step's values made once, not once per column (14 times: 1.4 s for 50 000 steps).
    const row = values(steps[i]);
    rows.push(indent(JSON.stringify(Object.fromEntries(STEP_COLUMNS.map((c, j) => [c, row[j]])), null, 2), '    '));
    if (i % STEPS_PER_SLICE === STEPS_PER_SLICE - 1) yield;
  }
  const fields = [`  "sessionID": ${JSON.stringify(sessionID)}`, `  "steps": ${rows.length ? `[\n${rows.join(',\n')}\n  ]` : '[]'}`];
  if (timeline) {
    const time = JSON.stringify({ ...timeline.status, words: timeline.words }, null, 2);
    fields.push(`  "timeline": ${indent(time, '  ').trimStart()}`);
  }
  return `{\n${fields.join(',\n')}\n}\n`;
}

/** Each line of `text` (JSON: no raw line breaks inside its strings) after `pad`. */
function indent(text: string, pad: string): string {
  return `${pad}${text.split('\n').join(`\n${pad}`)}`;
}

// RFC 4180 quoting; a leading =, +, - or @ would run as a formula in a spreadsheet, so text gets a quote.
function csvField(value: string | number): string {
  if (typeof value === 'number') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
