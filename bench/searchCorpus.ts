// A real `opencode serve` holding many sessions of realistic content, made in seconds: one real turn makes the
// project and a session as OpenCode stores them, then sessions are written into the server's SQLite database with
// the `sqlite3` CLI while the server is stopped, each turn a prompt, a step of reasoning and three tool calls (a shell
// command, a file read, then a search or an edit, inputs, outputs and metadata as OpenCode records them: an edit
// keeps the file before and after) and a step with a reply. Text is
// cut from this repository's own sources and documents (code identifiers, paths, prose; a part in 50 adds Chinese,
// Japanese and Russian), so words are as varied as a real server's.
import { execFileSync } from 'node:child_process';
import { createWriteStream, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { startHarness, type RunningHarness } from '../test/harness/harness';
import { repoRoot } from '../test/harness/paths';
import { createSession, prompt } from '../test/harness/scenario';
import { text } from '../test/harness/scriptedModel';
import { readV1Messages } from '../src/client/v1/transcript';
import type { SessionMeta } from '../src/features/search/common/contentIndex';
import type { TranscriptMessage } from '../src/store/transcript';
import { PREFIX_MIN } from '../src/features/search/common/terms';

export const PARTS_PER_TURN = 10;

export interface Corpus {
  code: string[];
  prose: string[];
}

export function readCorpus(): Corpus {
  const root = repoRoot();
  const walk = (dir: string, test: RegExp, out: string[] = []): string[] => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      const stat = statSync(path);
      if (stat.isDirectory()) walk(path, test, out);
      else if (test.test(name) && stat.size < 300_000) out.push(readFileSync(path, 'utf8'));
    }
    return out;
  };
  const code = [...walk(join(root, 'src'), /\.ts$/), ...walk(join(root, 'test'), /\.ts$/), ...walk(join(root, 'webview'), /\.ts$/)];
  const prose = [
    ...['README.md', 'CHANGELOG.md', 'ARCHITECTURE.md', 'CONTRIBUTING.md'].map((name) => readFileSync(join(root, name), 'utf8')),
    ...walk(join(root, 'docs'), /\.md$/),
  ];
  return { code, prose };
}

/** A deterministic generator, so every run holds the same text. */
export class Cutter {
  private seed = 7;
  constructor(private readonly corpus: Corpus) {}

  random(): number {
    this.seed = (this.seed * 1103515245 + 12345) & 0x7fffffff;
    return this.seed / 0x7fffffff;
  }

  /** A slice of `min`…`max` characters of a code or prose source. */
  cut(kind: keyof Corpus, min: number, max: number): string {
    const sources = this.corpus[kind];
    const source = sources[Math.floor(this.random() * sources.length)];
    const length = Math.floor(min + this.random() * this.random() * (max - min));
    const at = Math.floor(this.random() * Math.max(1, source.length - length));
    return source.slice(at, at + length);
  }
}

const WORLD = ' 重试策略を変更しました — пример переписанного кода';

/** One turn's messages and parts as OpenCode 1.18 stores them (the data column: the record without its ids). */
export function turnRows(cut: Cutter, sessionID: string, t: number, ids: () => string, n: number) {
  const prose = (min: number, max: number) => cut.cut('prose', min, max) + (n % 50 === 0 ? WORLD : '');
  const userID = `msg_${hex12(t)}${ids()}`;
  const stepID = `msg_${hex12(t + 10)}${ids()}`;
  const replyID = `msg_${hex12(t + 900)}${ids()}`;
  const model = { providerID: 'scripted', modelID: 'alpha' };
  const path = { cwd: '/work/project', root: '/work/project' };
  const tokens = { total: 1_600, input: 1_000, output: 100, reasoning: 0, cache: { write: 0, read: 500 } };
  const assistant = (id: string, created: number, completed: number, finish: string) => ({
    id,
    time: created,
    data: {
      parentID: userID,
      role: 'assistant',
      mode: 'build',
      agent: 'build',
      path,
      cost: 0.004,
      tokens,
      ...model,
      time: { created, completed },
      finish,
    },
  });
  const messages = [
    { id: userID, time: t, data: { role: 'user', time: { created: t }, agent: 'build', model, summary: { diffs: [] } } },
    assistant(stepID, t + 10, t + 800, 'tool-calls'),
    assistant(replyID, t + 900, t + 990, 'stop'),
  ];
  const file = `src/${cut.cut('code', 8, 20).replace(/[^A-Za-z0-9]+/g, '') || 'index'}.ts`;
  const shell = cut.cut('code', 200, 3_000);
  const read = cut.cut('code', 1_000, 8_000);
  const grep = cut.cut('code', 200, 1_500);
  const tool = (at: number, name: string, input: Record<string, unknown>, output: string, metadata: Record<string, unknown>) => ({
    type: 'tool',
    tool: name,
    callID: `call_${ids()}`,
    state: {
      status: 'completed',
      input,
      output,
      title: String(input.description ?? input.filePath ?? input.pattern),
      metadata,
      time: { start: at, end: at + 40 },
    },
  });
  const finish = { type: 'step-finish', reason: 'tool-calls', tokens, cost: 0.004 };
  // An edit as OpenCode 1.x records it: the strings in its input, the file before and after in its metadata.
  const edit = (at: number) => {
    const before = cut.cut('code', 2_000, 12_000);
    const oldString = before.slice(before.length / 3, before.length / 3 + 200);
    const newString = cut.cut('code', 50, 300);
    const after = before.replace(oldString, newString);
    const diff = `Index: ${file}\n--- ${file}\n+++ ${file}\n@@ -1 +1 @@\n-${oldString}\n+${newString}`;
    return tool(at, 'edit', { filePath: `/work/project/${file}`, oldString, newString }, 'Edit applied successfully.', {
      diagnostics: {},
      diff,
      filediff: { file: `/work/project/${file}`, before, after, additions: 3, deletions: 2 },
    });
  };
  const parts = [
    { message: userID, time: t + 1, data: { type: 'text', text: prose(40, 400) } },
    { message: stepID, time: t + 11, data: { type: 'step-start' } },
    { message: stepID, time: t + 12, data: { type: 'reasoning', text: prose(100, 900), time: { start: t + 12, end: t + 40 } } },
    {
      message: stepID,
      time: t + 41,
      data: tool(t + 41, 'bash', { command: `npm test -- ${file}`, description: 'Run the tests' }, shell, {
        output: shell,
        exit: 0,
        description: 'Run the tests',
      }),
    },
    {
      message: stepID,
      time: t + 90,
      data: tool(t + 90, 'read', { filePath: `/work/project/${file}` }, read, { preview: read.slice(0, 2_000), truncated: false }),
    },
    {
      message: stepID,
      time: t + 140,
      data:
        n % 2
          ? edit(t + 140)
          : tool(t + 140, 'grep', { pattern: cut.cut('code', 6, 18).trim() || 'retry', path: 'src' }, grep, {
              matches: 12,
              truncated: false,
            }),
    },
    { message: stepID, time: t + 790, data: finish },
    { message: replyID, time: t + 901, data: { type: 'step-start' } },
    { message: replyID, time: t + 902, data: { type: 'text', text: prose(100, 1_500), time: { start: t + 902, end: t + 980 } } },
    { message: replyID, time: t + 985, data: { ...finish, reason: 'stop' } },
  ];
  return {
    sessionID,
    messages,
    parts: parts.map((p, i) => ({ ...p, id: `prt_${hex12(p.time)}${String(i).padStart(2, '0')}${ids().slice(2)}` })),
  };
}

/**
 * A server of `sessions` sessions of `parts` parts in all (turns of PARTS_PER_TURN). Sessions end a minute ago and
 * earlier, newest first, a minute apart.
 */
export async function filledServer(sessions: number, parts: number): Promise<RunningHarness & { textBytes: number }> {
  const h = await startHarness();
  const template = await createSession(h, { title: 'Search template' });
  await prompt(h, template.id, 'Template', [text('Template reply.')]);
  await h.server.stop();
  const db = join(h.server.home, '.local', 'share', 'opencode', 'opencode.db');
  const sqlFile = join(h.server.home, 'fill.sql');
  const out = createWriteStream(sqlFile);
  const write = async (line: string) => {
    if (!out.write(line)) await once(out, 'drain');
  };
  const cut = new Cutter(readCorpus());
  let counter = 0;
  const ids = () => (counter++).toString(36).padStart(14, '0');
  const q = (value: unknown) => `'${(typeof value === 'string' ? value : JSON.stringify(value)).replace(/'/g, "''")}'`;
  const turns = Math.max(1, Math.round(parts / PARTS_PER_TURN / sessions));
  const end = Date.now() - 60_000;
  let textBytes = 0;
  await write('PRAGMA journal_mode = WAL;\nBEGIN;\n');
  for (let s = 0; s < sessions; s++) {
    const last = end - s * 60_000;
    const first = last - turns * 1_000;
    const sessionID = `ses_${hex12(first, true)}${ids()}`;
    await write(
      `INSERT INTO session (id, project_id, parent_id, slug, directory, title, version, cost, time_created, time_updated) SELECT ${q(sessionID)}, project_id, NULL, ${q(`search-${s}`)}, directory, ${q(`Session ${s + 1}: ${cut.cut('prose', 10, 50).replace(/\s+/g, ' ')}`)}, version, ${turns * 0.008}, ${first}, ${last} FROM session WHERE id = ${q(template.id)};\n`,
    );
    for (let turn = 0; turn < turns; turn++) {
      const rows = turnRows(cut, sessionID, first + turn * 1_000, ids, s * turns + turn);
      for (const m of rows.messages)
        await write(`INSERT INTO message VALUES (${q(m.id)}, ${q(sessionID)}, ${m.time}, ${m.time}, ${q(m.data)});\n`);
      for (const p of rows.parts) {
        textBytes += partText(p.data);
        await write(`INSERT INTO part VALUES (${q(p.id)}, ${q(p.message)}, ${q(sessionID)}, ${p.time}, ${p.time}, ${q(p.data)});\n`);
      }
    }
  }
  await write('COMMIT;\n');
  out.end();
  await once(out, 'finish');
  execFileSync('sh', ['-c', `sqlite3 ${JSON.stringify(db)} < ${JSON.stringify(sqlFile)}`]);
  await h.server.start();
  return Object.assign(h, { textBytes });
}

/** The text a part holds (what a search could look for): its text, or a tool's input and output. */
function partText(data: Record<string, unknown>): number {
  if (typeof data.text === 'string') return Buffer.byteLength(data.text);
  const state = data.state as { input?: unknown; output?: string } | undefined;
  return state ? Buffer.byteLength(JSON.stringify(state.input ?? '')) + Buffer.byteLength(state.output ?? '') : 0;
}

function hex12(ms: number, descending = false): string {
  const v = BigInt(ms) * 0x1000n;
  return ((descending ? ~v : v) & 0xffffffffffffn).toString(16).padStart(12, '0');
}

/** Fills `index` with generated sessions (as their messages are read back) in `directory` until it holds `bytes` of text. */
/** What fillIndex adds to: a ContentIndex, or an indexer's engine (its adds awaited). */
export interface Fillable {
  readonly bytes: number;
  addMessages(meta: SessionMeta, messages: TranscriptMessage[]): unknown;
}

export async function fillIndex(index: Fillable, bytes: number, directory = '/w'): Promise<void> {
  const cut = new Cutter(readCorpus());
  let counter = 0;
  const ids = () => (counter++).toString(36).padStart(14, '0');
  for (let s = 0; index.bytes < bytes; s++) {
    const sessionID = `ses_fill${s}`;
    const items: unknown[] = [];
    for (let turn = 0; turn < 10; turn++) {
      const rows = turnRows(cut, sessionID, Date.now() - (s * 10 + turn) * 60_000, ids, s * 10 + turn);
      for (const m of rows.messages)
        items.push({
          info: { ...m.data, id: m.id, sessionID },
          parts: rows.parts.filter((p) => p.message === m.id).map((p) => ({ ...p.data, id: p.id })),
        });
    }
    await index.addMessages({ id: sessionID, title: `Fill ${s}`, directory, updated: 1 }, await readV1Messages(items, sessionID));
  }
}

/** Queries of one to three words cut from the same sources, and identifiers as typed. */
export function queries(count: number): string[] {
  const cut = new Cutter(readCorpus());
  const out: string[] = [];
  while (out.length < count) {
    const words = cut.cut(cut.random() < 0.5 ? 'code' : 'prose', 20, 60).match(/[A-Za-z_]{4,}/g) ?? [];
    if (!words.length) continue;
    const n = 1 + Math.floor(cut.random() * 3);
    const at = Math.floor(cut.random() * words.length);
    out.push(words.slice(at, at + n).join(' '));
  }
  return out;
}

/** The same queries as typed so far: the last word cut to its first 60 % (at least PREFIX_MIN characters). */
export function beginnings(list: readonly string[]): string[] {
  return list.map((q) => {
    const at = q.lastIndexOf(' ') + 1;
    const word = q.slice(at);
    return q.slice(0, at) + word.slice(0, Math.max(PREFIX_MIN, Math.ceil(word.length * 0.6)));
  });
}
