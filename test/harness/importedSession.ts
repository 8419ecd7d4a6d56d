// A session of thousands of steps on a real OpenCode server, made in seconds. Real prompts through the
// scripted model take 0.2–0.5 s each on this project's 2-core machine and grow with the history (5 000 of
// them: well over half an hour), so one real turn is made, exported with `opencode export`, copied step by
// step (new ids, earlier times, each step its own usage and cost) and read in with `opencode import`:
// OpenCode's own code stores every record, and the server serves them like any other. Prompts sent to the
// session afterwards are real turns that add to it.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Session } from '@opencode-ai/sdk/v2/client';
import { opencodeBinary } from './paths';
import { createSession, deleteSession, getSession, prompt, type Harness } from './scenario';
import { text } from './scriptedModel';

const run = promisify(execFile);

/** A step's token counts as OpenCode records them. */
export interface StepTokens {
  input: number;
  output: number;
  reasoning: number;
  cacheRead: number;
  cacheWrite: number;
}

export interface ImportedSessionOptions {
  steps: number;
  title: string;
  directory?: string;
  /** Step i's tokens (0-based); by default a deterministic variety. */
  tokens?: (i: number) => StepTokens;
  /** When its last step ends (ms since epoch); by default a minute ago. */
  end?: number;
  /** Step i's prompt (0-based); by default `Step <i + 1>, please`. */
  prompt?: (i: number) => string;
}

/** Varied but known figures: no two neighbours alike, some reasoning and cache writes. */
export function variedTokens(i: number): StepTokens {
  return {
    input: 800 + ((i * 37) % 500),
    output: 60 + ((i * 13) % 90),
    reasoning: i % 7 === 0 ? 25 : 0,
    cacheRead: 2_000 + ((i * 101) % 4_000),
    cacheWrite: i % 11 === 0 ? 300 : 0,
  };
}

interface Exported {
  info: Record<string, unknown> & { id: string; time: { created: number; updated: number } };
  messages: Array<{
    info: Record<string, unknown> & { id: string; role: string };
    parts: Array<Record<string, unknown> & { type: string }>;
  }>;
}

/**
 * Makes a session of `steps` one-step turns (a user message and an assistant answer each, as a real turn
 * leaves them) and returns it as the server reports it. Its steps end a minute ago, so later real turns sort
 * after them.
 */
export async function importedSession(h: Harness, options: ImportedSessionOptions): Promise<Session> {
  return (await importedSessions(h, [options]))[0];
}

/** As importedSession, for several sessions made from one template turn (one real turn for all: many are quicker). */
export async function importedSessions(h: Harness, all: readonly ImportedSessionOptions[]): Promise<Session[]> {
  const made: Session[] = [];
  const templates = new Map<string, Exported>();
  for (const options of all) {
    const directory = options.directory ?? h.server.directory;
    let template = templates.get(directory);
    if (!template) templates.set(directory, (template = await exportedTemplate(h, directory)));
    made.push(await importCopy(h, template, options));
  }
  return made;
}

/** As the server's own environment (opencodeServer.ts): inherited XDG_* (set for VS Code under test) would point the CLI at another database than the server's. */
function cliEnv(h: Harness): NodeJS.ProcessEnv {
  const inherited = Object.entries(process.env).filter(([key]) => !/^(XDG_|npm_|OPENCODE_)/i.test(key));
  return { ...Object.fromEntries(inherited), HOME: h.server.home, OPENCODE_DISABLE_AUTOUPDATE: '1' };
}

/** The template: one real turn, exported by OpenCode, then deleted. */
async function exportedTemplate(h: Harness, directory: string): Promise<Exported> {
  const template = await createSession(h, { title: 'template', directory });
  await prompt(h, template.id, 'template', [text('template answer', { prompt: 1_000, completion: 100 })], { directory });
  const exported = JSON.parse(
    (await run(opencodeBinary(), ['export', template.id], { cwd: directory, env: cliEnv(h), maxBuffer: 64 << 20 })).stdout,
  ) as Exported;
  await deleteSession(h, template.id, directory);
  return exported;
}

/** A session of the template's turn copied `options.steps` times, read in with `opencode import`. */
async function importCopy(h: Harness, exported: Exported, options: ImportedSessionOptions): Promise<Session> {
  const directory = options.directory ?? h.server.directory;
  const tokensOf = options.tokens ?? variedTokens;
  const env = cliEnv(h);
  const user = exported.messages.find((m) => m.info.role === 'user');
  const assistant = exported.messages.find((m) => m.info.role === 'assistant' && m.parts.some((p) => p.type === 'step-finish'));
  if (!user || !assistant) throw new Error('the exported template turn has no user message or no step');

  const sessionID = `ses_${hex12(Date.now(), true)}${base62(14)}`;
  const price = h.server.models.find((m) => m.id === assistant.info.modelID)?.cost ?? h.server.models[0].cost;
  const end = options.end ?? Date.now() - 60_000;
  const start = end - options.steps * 2_000;
  const totals = { cost: 0, input: 0, output: 0, reasoning: 0, read: 0, write: 0 };
  const messages: Exported['messages'] = [];
  for (let i = 0; i < options.steps; i++) {
    const t = start + i * 2_000;
    const userID = `msg_${hex12(t)}${base62(14)}`;
    const assistantID = `msg_${hex12(t + 500)}${base62(14)}`;
    const k = tokensOf(i);
    const cost =
      (k.input * price.input +
        k.output * price.output +
        k.reasoning * price.output +
        k.cacheRead * price.cache_read +
        k.cacheWrite * price.cache_write) /
      1e6;
    const tokens = {
      total: k.input + k.output + k.reasoning + k.cacheRead + k.cacheWrite,
      input: k.input,
      output: k.output,
      reasoning: k.reasoning,
      cache: { write: k.cacheWrite, read: k.cacheRead },
    };
    totals.cost += cost;
    totals.input += k.input;
    totals.output += k.output;
    totals.reasoning += k.reasoning;
    totals.read += k.cacheRead;
    totals.write += k.cacheWrite;
    messages.push({
      info: { ...user.info, id: userID, sessionID, time: { created: t } },
      parts: user.parts.map((p, j) => ({
        ...p,
        ...(p.type === 'text' ? { text: options.prompt?.(i) ?? `Step ${i + 1}, please` } : {}),
        id: `prt_${hex12(t + 1 + j)}${base62(14)}`,
        sessionID,
        messageID: userID,
      })),
    });
    messages.push({
      info: {
        ...assistant.info,
        id: assistantID,
        parentID: userID,
        sessionID,
        cost,
        tokens,
        time: { created: t + 500, completed: t + 1_500 },
      },
      parts: assistant.parts.map((p, j) => {
        const copy: Record<string, unknown> & { type: string } = {
          ...p,
          id: `prt_${hex12(t + 501 + j)}${base62(14)}`,
          sessionID,
          messageID: assistantID,
        };
        if (p.type === 'step-finish') Object.assign(copy, { tokens, cost });
        if (p.type === 'text') Object.assign(copy, { text: `Step ${i + 1} done.`, time: { start: t + 1_000, end: t + 1_400 } });
        return copy;
      }),
    });
  }
  const info = {
    ...exported.info,
    id: sessionID,
    slug: `imported-${base62(6).toLowerCase()}`,
    title: options.title,
    cost: totals.cost,
    tokens: { input: totals.input, output: totals.output, reasoning: totals.reasoning, cache: { read: totals.read, write: totals.write } },
    time: { created: start, updated: end },
  };
  const dir = mkdtempSync(join(tmpdir(), 'ocs-import-'));
  try {
    const file = join(dir, 'session.json');
    writeFileSync(file, JSON.stringify({ info, messages }));
    await run(opencodeBinary(), ['import', file], { cwd: directory, env, maxBuffer: 64 << 20 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return getSession(h, sessionID, directory);
}

/** OpenCode's id time part: milliseconds × 4096 in 48 bits as 12 hex digits, inverted for sessions (newest first). Parts sort by id within their message. */
function hex12(ms: number, descending = false): string {
  const v = BigInt(ms) * 0x1000n;
  return ((descending ? ~v : v) & 0xffffffffffffn).toString(16).padStart(12, '0');
}

function base62(length: number): string {
  const chars = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  return [...randomBytes(length)].map((b) => chars[b % 62]).join('');
}
