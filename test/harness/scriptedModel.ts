// An OpenAI-compatible chat-completions server on loopback whose replies the caller scripts.
// OpenCode talks to it through @ai-sdk/openai-compatible, so every token figure OpenCode records
// comes from the `usage` we send here — tests know the exact numbers to expect.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { waitFor } from './waitFor';

export interface Usage {
  /** prompt_tokens, cached ones included (OpenCode records input = prompt - cached). */
  prompt: number;
  /** completion_tokens, reasoning ones included (OpenCode records output = completion - reasoning). */
  completion: number;
  cached?: number;
  reasoning?: number;
}

export interface ReplyTiming {
  /** Wait before answering at all. */
  delayMs?: number;
  /** Answer only once this settles: lets a test hold a session busy for exactly as long as it needs. */
  hold?: Promise<unknown>;
  /**
   * A text reply's pieces spread over this long after its first (its usage comes with the last, as OpenAI's stream
   * sends it): a reply that takes as long as a real model's. The connection closed meanwhile ends the reply.
   */
  streamMs?: number;
}

export type Reply =
  | ({ kind: 'text'; text?: string; usage?: Usage } & ReplyTiming)
  | ({
      kind: 'tool';
      name: string;
      args: Record<string, unknown>;
      usage?: Usage;
      /** More calls in the same reply: OpenCode runs them side by side (two `task` calls: two sub-agents at once). */
      also?: Array<{ name: string; args: Record<string, unknown> }>;
    } & ReplyTiming)
  | ({ kind: 'fail'; status: number; message?: string } & ReplyTiming);

export type RequestKind = 'title' | 'compaction' | 'chat';

export interface ModelRequest {
  kind: RequestKind;
  model: string;
  /** Set once its answer was written (after its delay or hold): a test waits on it to drive time by the model's delays. */
  answeredAt?: number;
  tools: string[];
  /** The text of the last user message, for routing and assertions. */
  lastUserText: string;
  /** The text of the first user message: which session asks (a sub-agent's is its task's prompt). */
  firstUserText: string;
  /** What each tool call answered (`role: tool` messages), oldest first: a rejection's message, a question's answer. */
  toolResults: string[];
  reply?: Reply;
}

export const DEFAULT_USAGE: Usage = { prompt: 1000, completion: 100 };

export const text = (textValue: string, usage: Usage = DEFAULT_USAGE, timing: ReplyTiming = {}): Reply => ({
  kind: 'text',
  text: textValue,
  usage,
  ...timing,
});

/** A `task` tool call: OpenCode answers it by creating a child task session. */
export const taskCall = (description: string, prompt: string, usage: Usage = DEFAULT_USAGE): Reply => ({
  kind: 'tool',
  name: 'task',
  args: { description, prompt, subagent_type: 'general' },
  usage,
});

export const toolCall = (name: string, args: Record<string, unknown>, usage: Usage = DEFAULT_USAGE): Reply => ({
  kind: 'tool',
  name,
  args,
  usage,
});

/** One reply with a `task` call per entry: OpenCode starts their sub-agents side by side. */
export const taskCalls = (tasks: ReadonlyArray<{ description: string; prompt: string }>, usage: Usage = DEFAULT_USAGE): Reply => {
  const [first, ...rest] = tasks.map(({ description, prompt }) => ({
    name: 'task',
    args: { description, prompt, subagent_type: 'general' },
  }));
  return { kind: 'tool', ...first, usage, also: rest };
};

export const failure = (status: number, message = 'scripted failure'): Reply => ({ kind: 'fail', status, message });

export class ScriptedModel {
  readonly requests: ModelRequest[] = [];
  /** Used when the queue is empty. */
  fallback: (req: ModelRequest) => Reply = () => text('Done.');
  /** Asked before the queue: a reply for this request, or undefined to take the queue's next (concurrent sessions). */
  route?: (req: ModelRequest) => Reply | undefined;
  /** Session titles OpenCode asks for; by default the first words of the prompt. */
  titleFor: (firstUserText: string) => string = (t) => t.split(/\s+/).slice(0, 6).join(' ') || 'Untitled';

  private readonly queue: Reply[] = [];
  private server?: Server;
  private waiters: Array<() => void> = [];
  private idCounter = 0;

  get url(): string {
    const address = this.server?.address() as AddressInfo | null;
    if (!address) throw new Error('scripted model is not started');
    return `http://127.0.0.1:${address.port}/v1`;
  }

  /** Replies for the next chat or compaction requests, in order (title requests never consume them). */
  enqueue(...replies: Reply[]): void {
    this.queue.push(...replies);
  }

  /** Takes back a reply no request took (its prompt was stopped or refused before the model was asked): true if it was queued. */
  withdraw(reply: Reply): boolean {
    const at = this.queue.indexOf(reply);
    if (at >= 0) this.queue.splice(at, 1);
    return at >= 0;
  }

  get pending(): number {
    return this.queue.length;
  }

  /** Drops the replies no request took (a case that failed before its turn used them): the next case starts clean. */
  clearQueue(): number {
    return this.queue.splice(0).length;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((err) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: String(err) } }));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Resolves once `count` non-title requests have been answered (or started answering). */
  async waitForRequests(count: number, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.requests.filter((r) => r.kind !== 'title').length < count) {
      if (Date.now() > deadline) throw new Error(`scripted model: expected ${count} requests, saw ${this.requests.length}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 200);
      });
    }
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method === 'GET' && req.url?.startsWith('/v1/models')) {
      return json(res, 200, { object: 'list', data: [] });
    }
    if (req.method !== 'POST' || !req.url?.startsWith('/v1/chat/completions')) {
      return json(res, 404, { error: { message: `no route ${req.method} ${req.url}` } });
    }
    const body = JSON.parse(await readBody(req)) as ChatBody;
    const request = describe(body);
    if (request.kind === 'title') {
      this.record(request);
      return this.answer(res, body, text(this.titleFor(request.lastUserText), { prompt: 50, completion: 5 }));
    }
    const reply = this.route?.(request) ?? this.queue.shift() ?? this.fallback(request);
    request.reply = reply;
    this.record(request);
    if (reply.delayMs) await sleep(reply.delayMs);
    if (reply.hold) await reply.hold;
    await this.answer(res, body, reply);
    request.answeredAt = Date.now();
  }

  private record(request: ModelRequest): void {
    this.requests.push(request);
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  private async answer(res: ServerResponse, body: ChatBody, reply: Reply): Promise<void> {
    if (reply.kind === 'fail') {
      // OpenAI's error types: OpenCode retries a `server_error` (with backoff, for about a minute) but not a
      // request the provider refused, so a 4xx fails the turn at once, as it would against the real API.
      const type = reply.status >= 500 ? 'server_error' : 'invalid_request_error';
      return json(res, reply.status, { error: { message: reply.message ?? 'failure', type } });
    }
    const id = `chatcmpl-${++this.idCounter}`;
    const offered = (body.tools ?? []).map((t) => t.function?.name ?? '').filter(Boolean);
    const usage = toOpenAiUsage(reply.usage ?? DEFAULT_USAGE);
    const created = Math.floor(Date.now() / 1000);
    const model = body.model;
    if (!body.stream) {
      const message =
        reply.kind === 'text'
          ? { role: 'assistant', content: reply.text ?? '' }
          : { role: 'assistant', content: null, tool_calls: callsOf(id, reply, offered) };
      return json(res, 200, {
        id,
        object: 'chat.completion',
        created,
        model,
        choices: [{ index: 0, message, finish_reason: reply.kind === 'text' ? 'stop' : 'tool_calls' }],
        usage,
      });
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    const chunk = (delta: object, finish: string | null, extra: object = {}) =>
      res.write(
        `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices: [{ index: 0, delta, finish_reason: finish }], ...extra })}\n\n`,
      );
    if (reply.kind === 'text') {
      chunk({ role: 'assistant', content: '' }, null);
      const pieces = (reply.text ?? '').match(/.{1,40}/gs) ?? [];
      const gapMs = reply.streamMs ? reply.streamMs / Math.max(1, pieces.length) : 0;
      for (const piece of pieces) {
        if (gapMs) await sleep(gapMs);
        if (res.destroyed) return;
        chunk({ content: piece }, null);
      }
      chunk({}, 'stop', { usage });
    } else {
      callsOf(id, reply, offered).forEach((call, index) => {
        chunk(
          {
            ...(index === 0 && { role: 'assistant' }),
            tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.function.name, arguments: '' } }],
          },
          null,
        );
        chunk({ tool_calls: [{ index, function: { arguments: call.function.arguments } }] }, null);
      });
      chunk({}, 'tool_calls', { usage });
    }
    res.end('data: [DONE]\n\n');
  }
}

interface ChatBody {
  model: string;
  stream?: boolean;
  messages: Array<{ role: string; content: unknown }>;
  tools?: Array<{ function?: { name?: string } }>;
}

function describe(body: ChatBody): ModelRequest {
  const system = body.messages
    .filter((m) => m.role === 'system')
    .map((m) => contentText(m.content))
    .join('\n');
  const users = body.messages.filter((m) => m.role === 'user');
  const lastUserText = users.length ? contentText(users[users.length - 1].content) : '';
  const firstUserText = users.length ? contentText(users[0].content) : '';
  const tools = (body.tools ?? []).map((t) => t.function?.name ?? '').filter(Boolean);
  let kind: RequestKind = 'chat';
  if (!body.stream || /title generator/i.test(system)) kind = 'title';
  else if (/summar/i.test(system) && tools.length === 0) kind = 'compaction';
  const toolResults = body.messages.filter((m) => m.role === 'tool').map((m) => contentText(m.content));
  return { kind, model: body.model, tools, lastUserText, firstUserText, toolResults };
}

function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content))
    return (content as unknown[])
      .map((c) => (typeof c === 'object' && c && 'text' in c && typeof c.text === 'string' ? c.text : ''))
      .join('');
  return '';
}

/** The reply's call and its `also` calls, each with an id of its own. */
function callsOf(id: string, reply: Extract<Reply, { kind: 'tool' }>, offered: readonly string[]) {
  return [reply, ...(reply.also ?? []).map((c) => ({ ...reply, ...c, also: undefined }))].map((r, i) =>
    toolCallOf(i ? `${id}_${i}` : id, r, offered),
  );
}

function toolCallOf(id: string, reply: Extract<Reply, { kind: 'tool' }>, offered: readonly string[]) {
  const { name, args } = asOfferedTool(reply.name, reply.args, offered);
  return { id: `call_${id}`, type: 'function', function: { name, arguments: JSON.stringify(args) } };
}

/**
 * The scripted call in the tool names and inputs the request offers, as a real model would call them: OpenCode 2's
 * (packages/core/src/tool/plugin/*.ts: `subagent {agent, description, prompt}`, `shell {command}`, write/edit taking
 * `path`) when it offers `subagent` or `shell`, else 1.x's (`task {description, prompt, subagent_type}`, `bash
 * {command, description}`, `filePath`). A script may be written in either.
 */
export function asOfferedTool(
  name: string,
  args: Record<string, unknown>,
  offered: readonly string[],
): { name: string; args: Record<string, unknown> } {
  const two = offered.includes('subagent') || offered.includes('shell');
  if (two) return asOpencode2Tool(name, args);
  if (name === 'subagent') {
    const { agent, description, prompt } = args;
    return { name: 'task', args: { description, prompt, subagent_type: agent } };
  }
  if (name === 'shell') return { name: 'bash', args: { command: args.command, description: args.description ?? String(args.command) } };
  if ((name === 'write' || name === 'edit') && 'path' in args) {
    const { path, ...rest } = args;
    return { name, args: { filePath: path, ...rest } };
  }
  return { name, args };
}

/**
 * The same scripted call in OpenCode 2's tool names and inputs (packages/core/src/tool/plugin/*.ts, v2 branch
 * b6226260): `task` is `subagent` {agent, description, prompt}, `bash` is `shell`, and write/edit take `path`.
 */
export function asOpencode2Tool(name: string, args: Record<string, unknown>): { name: string; args: Record<string, unknown> } {
  if (name === 'task') {
    const { subagent_type: agent, description, prompt } = args;
    return { name: 'subagent', args: { agent, description, prompt } };
  }
  if (name === 'bash') return { name: 'shell', args: { command: args.command } };
  if ((name === 'write' || name === 'edit') && 'filePath' in args) {
    const { filePath, ...rest } = args;
    return { name, args: { path: filePath, ...rest } };
  }
  return { name, args };
}

function toOpenAiUsage(u: Usage) {
  return {
    prompt_tokens: u.prompt,
    completion_tokens: u.completion,
    total_tokens: u.prompt + u.completion,
    prompt_tokens_details: { cached_tokens: u.cached ?? 0 },
    completion_tokens_details: { reasoning_tokens: u.reasoning ?? 0 },
  };
}

function json(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(value));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (data += c));
    req.on('end', () => resolve(data));
    req.on('error', reject);
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until a tool result the model was sent holds `fragment` (the agent went on with what a tool returned). */
export async function modelSaw(model: ScriptedModel, fragment: string): Promise<void> {
  await waitFor(
    `the model to read “${fragment}”`,
    () => model.requests.flatMap((r) => r.toolResults),
    (results) => results.some((t) => t.includes(fragment)),
    undefined,
    (results) => results.slice(-3),
  );
}
