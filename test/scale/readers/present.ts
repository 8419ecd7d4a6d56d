// What views show of server, cluster and model text (src/present): the escapes for where it goes (icons, links, log
// lines, markdown), a request's words, a session's state and tooltip rows, a Task's tooltip rows, list-price words and
// the timeline in words. Every string here is the server's (a title, a command, an error, a tool's name) or the
// cluster's: megabytes of it, made of what each escape rewrites, must cost what they are long.
import assert from 'node:assert/strict';
import type { FormField, FormRequest } from '../../../src/store/formRequest';
import type { TaskObject } from '../../../src/store/k8s/kubeObjects';
import { taskView } from '../../../src/store/k8s/taskView';
import type { PendingRequest, PermissionRequest, QuestionRequest } from '../../../src/store/pendingRequest';
import type { ListSum } from '../../../src/store/price/listSum';
import { askedAt, idTime } from '../../../src/store/requestTime';
import { newRecord, type SessionRecord } from '../../../src/store/sessionRecord';
import type { CriticalStep, TimelineFigures } from '../../../src/store/timeline/timelineTypes';
import { ZERO_USAGE } from '../../../src/store/usage';
import { taskTooltipRows } from '../../../src/present/k8s/taskFormat';
import { listPriceNote } from '../../../src/present/listPriceText';
import { appendUntrusted, type MarkdownSink } from '../../../src/present/markdown';
import { iconSafe, messageSafe, oneLogLine } from '../../../src/present/plainText';
import { requestDetails, requestKind, requestSummary } from '../../../src/present/requestText';
import { quotedTitle } from '../../../src/present/sessionTitle';
import { stateText } from '../../../src/present/stateWords';
import { criticalPathWords, timelineWords } from '../../../src/present/timelineWords';
import { tooltipRows } from '../../../src/present/tooltipRows';
import { reader, type Reader } from '../reader';

/** `unit` repeated to about `length` characters. */
const text = (unit: string, length: number) => unit.repeat(Math.max(1, Math.ceil(length / unit.length)));

/** A markdown sink as vscode.MarkdownString is one to appendUntrusted: it keeps what is appended, in order. */
class Sink implements MarkdownSink {
  readonly parts: string[] = [];
  appendMarkdown(value: string): this {
    this.parts.push(value);
    return this;
  }
  appendText(value: string): this {
    this.parts.push(value);
    return this;
  }
}

const escapes = reader<string>({
  name: 'Server text escaped for where it goes (iconSafe, messageSafe, oneLogLine, appendUntrusted, quotedTitle)',
  covers: [
    'src/present/plainText.ts#iconSafe',
    'src/present/plainText.ts#messageSafe',
    'src/present/plainText.ts#oneLogLine',
    'src/present/markdown.ts#appendUntrusted',
    'src/present/sessionTitle.ts#quotedTitle',
  ],
  // n×10 characters: 500 KB of a title or an error at 10n.
  n: 5_000,
  read: (input) => {
    const md = appendUntrusted(new Sink(), input);
    return {
      icon: iconSafe(input).length,
      message: messageSafe(input).length,
      log: oneLogLine(input).length,
      pieces: md.parts.length,
      shown: md.parts.join('').length,
      quoted: quotedTitle({ title: input }),
    };
  },
  shapes: [
    { name: 'n×10 characters of prose', make: (n) => text('a title ', n * 10) },
    { name: 'n×10 characters of icons and links: $(x)[a](b)', make: (n) => text('$(x)[a](b)', n * 10), worst: true },
    { name: 'n×10 characters of what markdown makes entities: <&://www.@', make: (n) => text('<&://www.@', n * 10), worst: true },
    { name: 'n×10 characters of bidi and zero-width controls', make: (n) => text('\u202e\u200b\u2066\ufeffa', n * 10), worst: true },
    { name: 'n×10 characters of line breaks and controls', make: (n) => text('\n\r\u0000\u2028x', n * 10), worst: true },
  ],
  check: (answer, n, shape) => {
    const a = answer as { icon: number; message: number; log: number; pieces: number; shown: number; quoted: string };
    assert.ok(a.quoted.length <= 300, `a quoted title is cut: ${a.quoted.length}`);
    if (shape.includes('icons')) assert.equal(a.message, n * 10 + n * 2, 'each $( and ]( broken once');
    if (shape.includes('entities')) assert.equal(a.pieces, n * 6, 'each <, &, ://, www. and @ one entity, the rest text');
    if (shape.includes('bidi')) assert.equal(a.icon, n * 2, 'only the visible letter is left');
    if (shape.includes('line breaks')) assert.equal(a.log, (n * 10 * 4 * 6) / 5 + (n * 10) / 5, 'each break a \\u escape');
  },
});

const permission = (id: string, command: string, patterns: string[]): PermissionRequest => ({
  kind: 'permission',
  id,
  sessionID: 's',
  permission: 'bash',
  patterns,
  always: patterns,
  metadata: { command },
});

const question = (id: string, questions: number, options: number, words: string): QuestionRequest => ({
  kind: 'question',
  id,
  sessionID: 's',
  questions: Array.from({ length: questions }, (_, q) => ({
    question: `${words} ${q}`,
    header: words,
    options: Array.from({ length: options }, (_, o) => ({ label: `${words} ${o}`, description: words })),
    multiple: q % 2 === 0,
    custom: true,
  })),
});

const form = (id: string, fields: number, words: string): FormRequest => ({
  kind: 'form',
  id,
  sessionID: 's',
  title: words,
  fields: Array.from({ length: fields }, (_, i): FormField => ({
    key: `k${i}`,
    title: words,
    description: `${words} ${i}`,
    required: true,
    when: [],
    type: 'multiselect',
    options: [{ value: 'a', label: words, description: words }],
    custom: false,
  })),
});

/** A session waiting on the given requests, as the store holds it. */
function waiting(requests: PendingRequest[]): SessionRecord {
  const record = newRecord({ id: 's', title: 't', directory: '/w', time: { created: 1, updated: 1 } });
  for (const r of requests) record.requests.set(r.id, r);
  return record;
}

/** n/100 forms, at least one (a warm-up runs at a tenth of n). */
const formsOf = (n: number) => Math.max(1, Math.ceil(n / 100));

const requests = reader<PendingRequest[]>({
  name: "A request's words and a waiting session's state (requestSummary, requestDetails, stateText, askedAt)",
  covers: [
    'src/present/requestText.ts#requestSummary',
    'src/present/requestText.ts#requestDetails',
    'src/present/requestText.ts#requestKind',
    // Run by requestSummary and requestDetails, once per request as a row and its hover show it.
    'src/present/requestText.ts#fieldText',
    'src/present/requestText.ts#oneLine',
    'src/present/requestText.ts#permissionTarget',
    'src/present/stateWords.ts#stateText',
    'src/store/requestTime.ts#askedAt',
    'src/store/requestTime.ts#idTime',
  ],
  // 10n is 5 000 requests, patterns, options or fields, or a command of 250 KB: 100 forms of 100 fields took 204 ms
  // of CPU in one synchronous pass beside other work (linear, ×8.8; it does not yield: a finding left open).
  n: 500,
  read: (input) => {
    let words = 0;
    for (const r of input) {
      words += requestSummary(r).length + requestKind(r).length;
      for (const row of requestDetails(r)) words += row.value.length;
    }
    const first = input[0];
    return { words, state: stateText(waiting(input), String), asked: askedAt(first.id, 1e12), time: idTime(first.id, 1e12) };
  },
  shapes: [
    {
      name: 'n permission requests of ordinary commands',
      make: (n) => Array.from({ length: n }, (_, i) => permission(`per_0123456789ab${i}`, `npm test -- ${i}`, [`src/${i}/**`])),
    },
    {
      name: 'one command of n×50 characters of spaces and controls (all read: none shows), its id as long',
      make: (n) => [permission(`per_${text('z', n * 50)}`, text(' \t\u0000\u0085\u200e', n * 50), [])],
      worst: true,
    },
    {
      name: 'one permission of n patterns',
      make: (n) => [
        permission(
          'per_1',
          '',
          Array.from({ length: n }, (_, i) => `src/${i}/**/*.ts`),
        ),
      ],
      worst: true,
    },
    { name: 'one question of n options', make: (n) => [question('que_1', 1, n, 'Which one?')], worst: true },
    { name: 'one request of n questions', make: (n) => [question('que_1', n, 3, 'Which one?')], worst: true },
    {
      name: 'n/100 forms of 100 fields (as many as a form may have)',
      make: (n) => Array.from({ length: formsOf(n) }, (_, i) => form(`frm_${i}`, 100, text('Why? ', 300))),
      worst: true,
    },
  ],
  check: (answer, n, shape) => {
    const a = answer as { words: number; state: string; asked: number; time?: number };
    assert.ok(a.state.startsWith('waiting for you: '), a.state.slice(0, 40));
    if (shape.startsWith('n permission')) assert.ok(a.state.split('; ').length === n, 'every request in the state');
    else if (shape.startsWith('n/100 forms')) assert.equal(a.state.split('; ').length, formsOf(n), 'every form in the state');
    else assert.ok(a.state.length < 2_000, `one request's summary is one short line: ${a.state.length}`);
    if (shape.startsWith('one command')) assert.equal(a.time, undefined, 'a 12-hex-digit time only: not read past them');
    assert.ok(a.words > 0);
  },
});

const USAGE = { ...ZERO_USAGE, input: 100, output: 10 };
const listSum = (sources: string[]): ListSum => ({ listCost: 1, unlistedTokens: 5, sources, listings: sources });

interface TooltipScene {
  record: SessionRecord;
  sources: string[];
  task: TaskObject;
}

/**
 * A session and a Task whose server and cluster strings are each `size` characters, `tools` tools running, `sources`
 * list-price providers; the Task's summary cost is `cost` where given (else one of those strings).
 */
function tooltipScene(size: number, tools: number, sources: number, cost?: unknown): TooltipScene {
  const long = text('\u202eDir/ ', size);
  const record = newRecord({
    id: 's',
    title: `kubeopencode/team/${long}/00000000`,
    directory: long,
    agent: long,
    model: { id: long, providerID: long },
    summary: { files: 3, additions: 1, deletions: 2 },
    time: { created: 1, updated: 1 },
  });
  for (let i = 0; i < tools; i++) record.runningTools.set(`prt_${i}`, `tool-${i}`);
  record.status = { type: 'retry', attempt: 2, message: long, next: 5 };
  record.lastError = { name: long, message: long };
  const task: TaskObject = {
    metadata: { namespace: long, name: 'task-1', uid: 'u' },
    spec: { agentRef: { name: long } },
    status: {
      phase: 'Failed',
      podName: long,
      startTime: '2026-01-01T00:00:00Z',
      completionTime: '2026-01-01T01:00:00Z',
      conditions: [{ type: 'Failed', status: 'True', reason: long, message: long }],
      session: {
        id: long,
        title: long,
        summary: { tokenUsage: { input: 10, output: 2, reasoning: 0, cache: 0 }, cost: (cost ?? long) as string },
      },
    },
  };
  return { record, sources: Array.from({ length: sources }, (_, i) => `${long.slice(0, 20)}${i}`), task };
}

const tooltips = reader<TooltipScene>({
  name: "A session's and a Task's tooltip rows, with list-price words (tooltipRows, taskTooltipRows, listPriceRows)",
  covers: [
    'src/present/tooltipRows.ts#tooltipRows',
    'src/present/k8s/taskFormat.ts#taskTooltipRows',
    'src/present/listPriceText.ts#listPriceRows',
    'src/present/listPriceText.ts#listPriceNote',
  ],
  // 10n is strings of 300 KB each (a dozen of them: a title, a directory, an error…), or 10 000 tools running.
  n: 1_000,
  read: ({ record, sources, task }) => {
    const list = { own: listSum(sources), inclusive: listSum(sources) };
    const rows = tooltipRows({ record, inclusive: USAGE, hasChildren: true, serverLabel: 'local', list });
    const taskRows = taskTooltipRows(taskView(task, 0), task);
    return {
      rows: rows.length,
      shown: rows.reduce((sum, r) => sum + r.value.length, 0),
      note: listPriceNote(USAGE, list.own).length,
      taskRows: taskRows.length,
      taskShown: taskRows.reduce((sum, [, v]) => sum + v.length, 0),
      cost: taskRows.find(([label]) => label === 'Cost')?.[1],
    };
  },
  shapes: [
    { name: 'strings of n characters', make: (n) => tooltipScene(n, 3, 2) },
    { name: 'strings of n×30 characters', make: (n) => tooltipScene(n * 30, 3, 2), worst: true },
    { name: 'n tools running, n list-price providers', make: (n) => tooltipScene(10, n, n), worst: true },
    // What one watch event's JSON.parse accepts, 10 000 and 100 000 deep: JSON.stringify of it threw RangeError from
    // 5 000 deep on the extension's thread (here, at 10 000, it wrote all 20 000 brackets into the row).
    {
      name: "a Task's cost of lists nested n×10 deep",
      make: (n) => tooltipScene(n, 3, 2, JSON.parse('['.repeat(n * 10) + ']'.repeat(n * 10))),
      worst: true,
    },
  ],
  check: (answer, n, shape) => {
    const a = answer as { rows: number; shown: number; note: number; taskRows: number; taskShown: number; cost?: string };
    assert.ok(a.rows > 10 && a.taskRows > 5, `${a.rows} rows, ${a.taskRows} Task rows`);
    if (shape.startsWith('n tools')) assert.ok(a.note > n * 20, 'every provider named');
    else assert.ok(a.taskShown > n, 'the cluster’s strings shown');
    if (shape.startsWith("a Task's cost")) assert.equal(a.cost, 'unknown (a list)');
  },
});

const step = (i: number, title: string, parentId?: string): CriticalStep => ({
  id: `s${i}`,
  title,
  ms: 1500 + i,
  ...(parentId && { parentId }),
});

function figures(path: CriticalStep[], title: string): TimelineFigures {
  return {
    wallMs: 100_000,
    busyMs: 50_000,
    waitingMs: 30_000,
    idleMs: 20_000,
    criticalPath: path,
    longestWait: { sessionId: 's0', title, kind: 'permission', start: 0, ms: 5000 },
    mostExpensive: { sessionId: 's1', title, cost: 0.5 },
    longestIdle: { start: 0, ms: 3000 },
  };
}

const timeline = reader<TimelineFigures>({
  name: 'The timeline in words (timelineWords, criticalPathWords)',
  covers: ['src/present/timelineWords.ts#timelineWords', 'src/present/timelineWords.ts#criticalPathWords'],
  // 10n is a critical path of 10 000 sub-agents, or titles of 1 MB.
  n: 1_000,
  read: (f) => ({ words: timelineWords(f), path: criticalPathWords(f.criticalPath).length }),
  shapes: [
    {
      name: 'a critical path of n sub-agents in a chain',
      make: (n) =>
        figures(
          Array.from({ length: n }, (_, i) => step(i, `agent ${i}`, i ? `s${i - 1}` : undefined)),
          't',
        ),
    },
    {
      name: 'a critical path of n sibling sub-agents',
      make: (n) =>
        figures(
          Array.from({ length: n }, (_, i) => step(i, `agent ${i}`, i ? 's0' : undefined)),
          't',
        ),
      worst: true,
    },
    {
      // Each sibling after a nested one names the root again: its title of n×100 characters is cut when said again.
      name: 'a root titled with n×100 characters waiting on n/2 sub-agents, each waiting on one',
      make: (n) =>
        figures(
          [
            step(0, text('T', n * 100)),
            ...Array.from({ length: Math.ceil(n / 2) }, (_, i) => [
              step(2 * i + 1, `agent ${i}`, 's0'),
              step(2 * i + 2, `sub ${i}`, `s${2 * i + 1}`),
            ]).flat(),
          ],
          't',
        ),
      worst: true,
    },
    {
      // The server's titles, as the path names them: each of n×100 characters.
      name: 'a path of 3 sub-agents titled with n×100 characters',
      make: (n) =>
        figures([step(0, text('T', n * 100)), step(1, text('U', n * 100), 's0'), step(2, text('V', n * 100), 's1')], text('W', n * 100)),
      worst: true,
    },
    {
      // A path naming a step twice (a malformed figure), or one whose steps all name one parent.
      name: 'n steps that all share one id',
      make: (n) =>
        figures(
          Array.from({ length: n }, (_, i) => ({ id: 's0', title: `a${i}`, ms: i, parentId: 's0' })),
          't',
        ),
      worst: true,
    },
  ],
  check: (answer, n, shape) => {
    const a = answer as { words: string[]; path: number };
    assert.equal(a.words.length, 5, a.words.join('\n').slice(0, 200));
    if (shape.includes('chain') || shape.includes('sibling')) assert.ok(a.path > n * 10, `every step named: ${a.path}`);
  },
});

export const presentReaders: Array<Reader<unknown, unknown>> = [escapes, requests, tooltips, timeline];
