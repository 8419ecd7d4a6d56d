// A session's transcript as a Markdown document (pure) that reads well rendered (VS Code's Markdown preview) and as
// source: in order, each prompt and reply as paragraphs, reasoning, each tool call (name, input, status, duration,
// its output in a block the editor folds), each step's model, tokens and cost, compactions with their cost, and
// every sub-agent, at any depth, linked by its title. Everything the server wrote is escaped (markdownText.ts) or
// inside a code span or a fenced block longer than any backtick run in it, so no link, image, HTML or command in it
// renders or runs. Which line shows which part, which lines are outputs to fold and which lines open another
// session's transcript are returned beside the text.
import { formatCost, formatDuration, formatLocalTime, formatTokens } from '../../present/format';
import { visibleText } from '../../present/plainText';
import { usageOf, type ServerTokens } from '../../store/usage';
import type { TranscriptMessage, TranscriptPart } from '../../store/transcript';
import type { ToolCallRef } from '../../store/sessionRecord';
import { escapedLine, ownLink, proseLines } from './markdownText';

export interface TranscriptHeader {
  title: string;
  server: string;
  directory: string;
  sessionId: string;
  parentId?: string;
  /** Sessions below this one, parents before their children, each with its depth (1: a child): the first ones. */
  descendants?: ReadonlyArray<{ sessionId: string; depth: number }>;
  /** How many sessions are below this one in all, when more than `descendants` lists. */
  descendantCount?: number;
  cost?: number;
  tokens?: ServerTokens;
}

/** How another session of the same server is named and where its transcript is (no target: named, not linked). */
export type SessionLink = (sessionId: string) => { title: string; target?: string };

const byId: SessionLink = (sessionId) => ({ title: sessionId });

/** How long a tool call that ran from `start` to `end` waited for a permission answer; absent: none known. */
export type PermissionWaits = (call: ToolCallRef, start: number, end: number) => number | undefined;

const noWaits: PermissionWaits = () => undefined;

const NO_MESSAGES = '_No messages._\n';

/** A session's name as a Markdown link to its transcript (its text escaped). */
function linkTo(link: SessionLink, sessionId: string): string {
  const { title, target } = link(sessionId);
  return target ? ownLink(title, target) : escapedLine(title);
}

export interface RenderedTranscript {
  text: string;
  /** The first line of each part (0-based), by part id; and each message's. */
  lines: Map<string, number>;
  /** Lines where an output block starts: folded when the document opens. */
  folds: number[];
  /** Lines that name a child session: a link to its transcript. */
  children: Array<{ line: number; sessionId: string }>;
}

export interface RenderOptions {
  /** Older messages are still being read: said at the top. */
  earlier?: number;
  /** Why the transcript could not be read (whole): said at the top. */
  error?: string;
  formatTime?: (ms: number) => string;
  link?: SessionLink;
  waited?: PermissionWaits;
}

export function renderTranscript(
  header: TranscriptHeader,
  messages: readonly TranscriptMessage[],
  options: RenderOptions = {},
): RenderedTranscript {
  return new TranscriptRender(options.formatTime, options.link, options.waited).renderNow(header, messages, options);
}

/** One message rendered on its own: its lines from 0, and which of them are parts, folds and children. */
interface MessageBlock {
  text: string;
  lineCount: number;
  parts: Array<[string, number]>;
  folds: number[];
  children: RenderedTranscript['children'];
}

/**
 * A transcript kept rendered as its messages come and change: each message is rendered once (a block, by the message
 * object: a message read again is a new object), and the document is the blocks in order, the ones before the first
 * that changed kept as they were. A followed session that moves renders its newest messages only; the first render
 * of a long one renders its blocks a slice of time at a time (`update` with `yieldTo`).
 *
 * The blocks' texts are kept as an array and joined once when the text is read (VS Code reads it after a change),
 * not at each move: a move that changed the newest message used to cut the document's string at that block and add
 * the new one, which copied the whole document (5 000 steps, 38.7 M characters: 400-440 ms a move). A result is the
 * renderer's document as it is now: its lines, folds and children (kept in place) and its text move with it.
 */
export class TranscriptRender {
  private readonly rendered = new WeakMap<TranscriptMessage, MessageBlock>();
  private blocks: Array<{ message: TranscriptMessage; block: MessageBlock }> = [];
  /** The header's text, then each block's, in order: joined only when the text is read. */
  private texts = [''];
  /** The text as last joined, until the next change. */
  private joined?: string;
  /** No messages: the text says so. */
  private empty = true;
  /** Where each block starts (characters after the header, lines, folds, children), one more at the end. */
  private chars = [0];
  private lineStarts = [0];
  private foldStarts = [0];
  private childStarts = [0];
  private result: RenderedTranscript = { text: '', lines: new Map(), folds: [], children: [] };
  private headerLines = -1;
  private headerChildren = 0;
  private headerText = '';
  /** Moves whenever the text changes: whether VS Code must be told, without comparing texts. */
  version = 0;

  /** The document's length in characters, without joining it (how often a followed transcript is read again). */
  get size(): number {
    return this.texts[0].length + (this.empty ? NO_MESSAGES.length : this.chars[this.blocks.length]);
  }
  /** The work done so far: messages rendered (blocks made) and messages looked at (in order, to update and assemble). */
  readonly work = { rendered: 0, visited: 0 };

  constructor(
    private readonly formatTime: (ms: number) => string = formatLocalTime,
    private readonly link: SessionLink = byId,
    private readonly waited: PermissionWaits = noWaits,
  ) {}

  /**
   * The document for these messages (in order), rendering what is new; `yieldTo` between slices of ~8 ms. `from`:
   * the messages before it are the ones given last time (TranscriptMessages says which), so only the rest is looked at.
   */
  async update(
    header: TranscriptHeader,
    messages: readonly TranscriptMessage[],
    options: RenderOptions,
    yieldTo: () => Promise<void>,
    from = 0,
  ): Promise<RenderedTranscript> {
    let since = performance.now();
    for (let i = Math.min(from, this.blocks.length); i < messages.length; i++) {
      const message = messages[i];
      this.work.visited++;
      if (this.rendered.has(message)) continue;
      // A turn between parts too: one message may hold hundreds of 64 KB outputs (the newest, rendered at each move).
      const steps = this.block(message);
      for (let step = steps.next(); ; step = steps.next()) {
        if (step.done) {
          this.rendered.set(message, step.value);
          break;
        }
        if (performance.now() - since > 8) {
          await yieldTo();
          since = performance.now();
        }
      }
    }
    return this.assemble(header, messages, options, from);
  }

  /** `update` in one go (small transcripts, tests). */
  renderNow(header: TranscriptHeader, messages: readonly TranscriptMessage[], options: RenderOptions = {}): RenderedTranscript {
    for (const message of messages) {
      if (this.rendered.has(message)) continue;
      const steps = this.block(message);
      let step = steps.next();
      while (!step.done) step = steps.next();
      this.rendered.set(message, step.value);
    }
    return this.assemble(header, messages, options);
  }

  private assemble(header: TranscriptHeader, messages: readonly TranscriptMessage[], options: RenderOptions, from = 0): RenderedTranscript {
    const head = headerLines(header, options, this.link);
    let first = Math.min(from, this.blocks.length, messages.length);
    while (first < messages.length && first < this.blocks.length && this.blocks[first].message === messages[first]) {
      first++;
      this.work.visited++;
    }
    if (head.text !== this.headerText || first < this.blocks.length || messages.length !== this.blocks.length) this.version++;
    this.headerText = head.text;
    const { lines, folds, children } = this.result;
    // What the blocks from `first` on said goes; a header of another height moves every line: all of it goes then.
    const keep = head.lineCount === this.headerLines && head.children.length === this.headerChildren ? first : 0;
    for (let i = keep; i < this.blocks.length; i++) {
      const { message, block } = this.blocks[i];
      lines.delete(message.id);
      for (const [part] of block.parts) lines.delete(part);
    }
    folds.length = this.foldStarts[keep];
    children.length = this.childStarts[keep] + head.children.length;
    for (let i = 0; i < head.children.length; i++) children[i] = head.children[i];
    this.blocks.length = first;
    this.chars.length = this.lineStarts.length = this.foldStarts.length = this.childStarts.length = first + 1;
    this.texts.length = first + 1;
    this.texts[0] = head.text;
    for (let i = first; i < messages.length; i++) {
      const message = messages[i];
      this.work.visited++;
      const block = this.rendered.get(message)!;
      this.blocks.push({ message, block });
      this.texts.push(block.text);
      this.chars.push(this.chars[i] + block.text.length);
      this.lineStarts.push(this.lineStarts[i] + block.lineCount);
      this.foldStarts.push(this.foldStarts[i] + block.folds.length);
      this.childStarts.push(this.childStarts[i] + block.children.length);
    }
    this.joined = undefined;
    this.empty = !messages.length;
    this.headerLines = head.lineCount;
    this.headerChildren = head.children.length;
    for (let i = keep; i < this.blocks.length; i++) {
      const { message, block } = this.blocks[i];
      const at = head.lineCount + this.lineStarts[i];
      lines.set(message.id, at);
      for (const [part, line] of block.parts) lines.set(part, at + line);
      for (const fold of block.folds) folds.push(at + fold);
      for (const child of block.children) children.push({ line: at + child.line, sessionId: child.sessionId });
    }
    const text = () => this.text();
    this.result = {
      get text() {
        return text();
      },
      lines,
      folds,
      children,
    };
    return this.result;
  }

  /** The document's text: joined once per change, when first read (one copy of it, not one per move). */
  private text(): string {
    this.joined ??= this.empty ? this.texts[0] + NO_MESSAGES : this.texts.join('');
    return this.joined;
  }

  /** A message's block, paused after each part (update gives the loop a turn there when its slice is spent). */
  private *block(message: TranscriptMessage): Generator<void, MessageBlock> {
    this.work.rendered++;
    const out: string[] = [];
    const parts: Array<[string, number]> = [];
    const folds: number[] = [];
    const children: RenderedTranscript['children'] = [];
    const writer: Writer = {
      line: (...lines) => {
        for (const line of lines) out.push(line);
      },
      blank: () => {
        if (out.length && out[out.length - 1] !== '') out.push('');
      },
      block: (label, text, fold = false) => {
        writer.blank();
        out.push(label);
        if (fold) folds.push(out.length);
        for (const line of fenced(text)) out.push(line);
        out.push('');
      },
      prose: (text) => {
        writer.blank();
        for (const line of proseLines(text, fenced)) out.push(line);
        out.push('');
      },
      child: (sessionId, line) => {
        writer.blank();
        children.push({ line: out.length, sessionId });
        out.push(line, '');
      },
    };
    out.push(`## ${heading(message)} · ${escapedLine(this.formatTime(message.created))}`, '');
    if (message.error) writer.block('Error:', message.error);
    for (const part of message.parts) {
      writer.blank();
      parts.push([part.id, out.length]);
      renderPart(part, message, writer, this.link, this.waited);
      yield;
    }
    if (message.role === 'assistant' && !message.parts.some((p) => p.kind === 'step') && message.tokens) {
      writer.blank();
      out.push(stepLine(message, message.tokens, message.cost), '');
    }
    writer.blank();
    return { text: `${out.join('\n')}\n`, lineCount: out.length, parts, folds, children };
  }
}

/** The lines above the messages: the title, where the session is, its sub-agents, totals, what is still being read. */
export function headerLines(
  header: TranscriptHeader,
  options: RenderOptions,
  link: SessionLink,
): { text: string; lineCount: number; children: RenderedTranscript['children'] } {
  const out: string[] = [];
  const children: RenderedTranscript['children'] = [];
  out.push(`# ${escapedLine(header.title)}`, '');
  // A paragraph each: rendered, lines of one paragraph would run together.
  out.push(`Session ${span(header.sessionId)} on ${span(header.server)} in ${span(header.directory)}`, '');
  if (header.parentId) {
    children.push({ line: out.length, sessionId: header.parentId });
    out.push(`Sub-agent of ${linkTo(link, header.parentId)}`, '');
  }
  const totals = header.tokens ? ` · ${tokensText(header.tokens)}` : '';
  if (header.cost !== undefined || header.tokens) out.push(`Total: ${costText(header.cost)}${totals}`, '');
  if (header.descendants?.length) {
    out.push('Sub-agents:', '');
    for (const { sessionId, depth } of header.descendants) {
      children.push({ line: out.length, sessionId });
      // Nested as the tree nests them (two spaces a level: a list inside the item above).
      out.push(`${'  '.repeat(Math.max(0, depth - 1))}- ${linkTo(link, sessionId)}`);
    }
    const more = (header.descendantCount ?? 0) - header.descendants.length;
    if (more > 0)
      out.push('', `_…and ${more.toLocaleString('en-US')} more sub-agent${more === 1 ? '' : 's'} (the Sessions view lists every one)._`);
    out.push('');
  }
  if (options.error) out.push(`Could not read the transcript: ${escapedLine(options.error)}`, '');
  if (options.earlier) out.push('_Earlier messages are being read…_', '');
  return { text: `${out.join('\n')}\n`, lineCount: out.length, children };
}

/** Where the part at `line` ends: the first line of the next part or message (the document's end if none). */
export function partEnd(lines: ReadonlyMap<string, number>, line: number): number {
  let next = Infinity;
  for (const start of lines.values()) if (start > line && start < next) next = start;
  return next;
}

/** Writes a message's lines: one blank line between blocks, never two. */
interface Writer {
  line(...lines: string[]): void;
  blank(): void;
  /** A label over server text in a fenced block (folded when the document opens if `fold`). */
  block(label: string, text: string, fold?: boolean): void;
  /** Server prose (a prompt, a reply) as escaped paragraphs. */
  prose(text: string): void;
  /** A line that opens another session's transcript. */
  child(sessionId: string, line: string): void;
}

function renderPart(part: TranscriptPart, message: TranscriptMessage, w: Writer, link: SessionLink, waited: PermissionWaits): void {
  switch (part.kind) {
    case 'text':
      if (part.synthetic) w.block('Context added by OpenCode:', part.text + cutNote(part.cut));
      else w.prose(part.text + cutNote(part.cut));
      return;
    case 'reasoning':
      w.block('Reasoning:', part.text + cutNote(part.cut), true);
      return;
    case 'tool': {
      const duration =
        part.start !== undefined && part.end !== undefined
          ? ` · ${runTime(part.start, part.end, part.callID ? { messageID: message.id, callID: part.callID } : undefined, waited)}`
          : '';
      w.line(`### Tool ${escapedLine(part.tool)} · ${part.status}${duration}${part.title ? ` · ${escapedLine(part.title)}` : ''}`, '');
      if (part.childSessionID) w.child(part.childSessionID, `Sub-agent: ${linkTo(link, part.childSessionID)}`);
      if (part.input) w.block('Input:', part.input);
      if (part.output !== undefined) w.block('Output:', part.output + cutNote(part.cut), true);
      if (part.error) w.block('Error:', part.error);
      return;
    }
    case 'step':
      w.line(stepLine(message, part.tokens, part.cost), '');
      return;
    case 'file':
      w.line(`Attached file ${span(part.name)}`, '');
      return;
    case 'patch':
      w.line(`Changed ${part.files.length} file${part.files.length === 1 ? '' : 's'}: ${part.files.slice(0, 20).map(span).join(', ')}`, '');
      return;
  }
}

function heading(message: TranscriptMessage): string {
  switch (message.role) {
    case 'user':
      return 'Prompt';
    case 'compaction':
      return message.auto ? 'Compaction (automatic)' : 'Compaction';
    case 'shell':
      return 'Shell';
    case 'assistant': {
      const who = [message.agent, model(message)]
        .filter(Boolean)
        .map((w) => escapedLine(w!))
        .join(' · ');
      return `${message.summary ? 'Compaction summary' : 'Reply'}${who ? ` · ${who}` : ''}`;
    }
    default:
      return 'Message';
  }
}

function model(message: TranscriptMessage): string | undefined {
  if (!message.modelID) return undefined;
  return message.providerID ? `${message.providerID}/${message.modelID}` : message.modelID;
}

function stepLine(message: TranscriptMessage, tokens: ServerTokens | undefined, cost: number | undefined): string {
  const who = model(message);
  return `Step${who ? ` ${escapedLine(who)}` : ''}: ${tokens ? tokensText(tokens) : 'no tokens recorded'} · ${costText(cost)}`;
}

/** A cost with its `$` escaped: two on a line would read as math in the preview. */
function costText(cost: number | undefined): string {
  return formatCost(cost ?? 0).replace(/\$/g, '\\$');
}

function tokensText(tokens: ServerTokens): string {
  const u = usageOf(tokens, 0);
  const parts = [`${formatTokens(u.input)} in`, `${formatTokens(u.output)} out`];
  if (u.reasoning) parts.push(`${formatTokens(u.reasoning)} reasoning`);
  if (u.cacheRead) parts.push(`${formatTokens(u.cacheRead)} cache read`);
  if (u.cacheWrite) parts.push(`${formatTokens(u.cacheWrite)} cache write`);
  return parts.join(', ');
}

/**
 * A call's run time without its permission wait, and the wait beside it: OpenCode's times of a tool part span the
 * wait (timelineRecord.ts, permissionWaitOf), and "completed · 6m 49s" read as a slow tool, not a slow answer.
 */
function runTime(start: number, end: number, call: ToolCallRef | undefined, waited: PermissionWaits): string {
  const ms = end - start;
  const wait = call && waited(call, start, end);
  if (!wait) return callDuration(ms);
  return `${callDuration(Math.max(0, ms - wait))} (waited ${callDuration(wait)} for permission)`;
}

/** A tool call's time: most take well under a minute, so tenths of a second count. */
function callDuration(ms: number): string {
  if (ms < 1_000) return `${Math.max(0, Math.round(ms))} ms`;
  return ms < 60_000 ? `${(ms / 1_000).toFixed(1)} s` : formatDuration(ms);
}

function cutNote(cut: number | undefined): string {
  return cut ? `\n[… ${cut.toLocaleString('en-US')} more characters not shown]` : '';
}

/** Server text on one line as a code span: a delimiter longer than any backtick run in it, padded. */
export function span(text: string): string {
  const line = visibleText(text.slice(0, 4_096))
    .replace(/[\r\n\u2028\u2029]+/g, ' ')
    .slice(0, 300);
  const fence = '`'.repeat(longestBacktickRun(line) + 1);
  return `${fence} ${line} ${fence}`;
}

/** Server text as a fenced block no line of it can close: a fence longer than any backtick run in it. */
export function fenced(raw: string, language = 'text'): string[] {
  // No bidi control or zero-width character: code shows in its real order too.
  const text = visibleText(raw);
  const fence = '`'.repeat(Math.max(2, longestBacktickRun(text)) + 1);
  const lines = [`${fence}${language}`];
  for (const line of text.split(/\r\n|\r|\n/)) lines.push(line);
  lines.push(fence);
  return lines;
}

/** The longest run of backticks in the text: one pass (no list of every run, nor a spread of one into arguments). */
function longestBacktickRun(text: string): number {
  let longest = 0;
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) === 96) longest = Math.max(longest, ++run);
    else run = 0;
  }
  return longest;
}

/**
 * The transcript's text to save as a file: its relative links to other transcripts lead nowhere from a folder, so
 * each becomes `linkOf` the session (a link that opens its transcript from anywhere). One pass over the text.
 */
export function standaloneText(rendered: RenderedTranscript, linkOf: (sessionId: string) => string): string {
  if (!rendered.children.length) return rendered.text;
  const lines = rendered.text.split('\n');
  for (const { line, sessionId } of rendered.children) {
    const text = lines[line] ?? '';
    const from = text.indexOf(`](<../${sessionId}/`);
    const to = from < 0 ? -1 : text.indexOf('>)', from);
    if (to < 0) continue;
    lines[line] = `${text.slice(0, from)}](<${linkOf(sessionId)}>)${text.slice(to + 2)}`;
  }
  return lines.join('\n');
}
