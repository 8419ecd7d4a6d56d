// A session's transcript as a Markdown document (pure): in order, each prompt, reply and reasoning, each tool call
// (name, input, status, duration, its output in a block the editor folds), each step's model, tokens and cost,
// compactions with their cost, and sub-agent calls naming the child's transcript. Everything the server wrote is
// inside a code span or a fenced block longer than any backtick run in it, so no link, image, HTML or command in
// it renders or runs: the editor shows it as the text it is (plain URLs stay plain URLs). Which line shows which
// part, which lines are outputs to fold and which lines open a child's transcript are returned beside the text.
import { formatCost, formatDuration, formatLocalTime, formatTokens } from '../../present/format';
import { visibleText } from '../../present/plainText';
import { usageOf, type ServerTokens } from '../../store/usage';
import type { TranscriptMessage, TranscriptPart } from '../../store/transcript';

export interface TranscriptHeader {
  title: string;
  server: string;
  directory: string;
  sessionId: string;
  parentId?: string;
  cost?: number;
  tokens?: ServerTokens;
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
}

export function renderTranscript(
  header: TranscriptHeader,
  messages: readonly TranscriptMessage[],
  options: RenderOptions = {},
): RenderedTranscript {
  const out: string[] = [];
  const lines = new Map<string, number>();
  const folds: number[] = [];
  const children: RenderedTranscript['children'] = [];
  const time = options.formatTime ?? formatLocalTime;
  out.push(`# ${span(header.title)}`, '');
  out.push(`Session ${span(header.sessionId)} on ${span(header.server)} in ${span(header.directory)}`);
  if (header.parentId) {
    children.push({ line: out.length, sessionId: header.parentId });
    out.push(`Sub-agent of ${span(header.parentId)} (open its transcript)`);
  }
  const totals = header.tokens ? ` · ${tokensText(header.tokens)}` : '';
  if (header.cost !== undefined || header.tokens) out.push(`Total: ${formatCost(header.cost ?? 0)}${totals}`);
  out.push('');
  if (options.error) out.push(`Could not read the transcript: ${span(options.error)}`, '');
  if (options.earlier) out.push('_Earlier messages are being read…_', '');
  const block = (label: string, text: string, fold = false) => {
    out.push(label);
    if (fold) folds.push(out.length);
    out.push(...fenced(text));
  };
  for (const message of messages) {
    lines.set(message.id, out.length);
    out.push(`## ${heading(message)} · ${time(message.created)}`, '');
    if (message.error) block('Error:', message.error);
    for (const part of message.parts) {
      lines.set(part.id, out.length);
      renderPart(part, message, out, block, children);
    }
    if (message.role === 'assistant' && !message.parts.some((p) => p.kind === 'step') && message.tokens)
      out.push(stepLine(message, message.tokens, message.cost), '');
  }
  if (!messages.length) out.push('_No messages._');
  return { text: out.join('\n') + '\n', lines, folds, children };
}

type Block = (label: string, text: string, fold?: boolean) => void;

function renderPart(
  part: TranscriptPart,
  message: TranscriptMessage,
  out: string[],
  block: Block,
  children: RenderedTranscript['children'],
): void {
  switch (part.kind) {
    case 'text':
      block(part.synthetic ? 'Context added by OpenCode:' : '', part.text + cutNote(part.cut));
      out.push('');
      return;
    case 'reasoning':
      block('Reasoning:', part.text + cutNote(part.cut), true);
      out.push('');
      return;
    case 'tool': {
      const duration = part.start !== undefined && part.end !== undefined ? ` · ${callDuration(part.end - part.start)}` : '';
      out.push(`### Tool ${span(part.tool)} · ${part.status}${duration}${part.title ? ` · ${span(part.title)}` : ''}`, '');
      if (part.childSessionID) {
        children.push({ line: out.length, sessionId: part.childSessionID });
        out.push(`Sub-agent session ${span(part.childSessionID)} (open its transcript)`, '');
      }
      if (part.input) block('Input:', part.input);
      if (part.output !== undefined) block('Output:', part.output + cutNote(part.cut), true);
      if (part.error) block('Error:', part.error);
      out.push('');
      return;
    }
    case 'step':
      out.push(stepLine(message, part.tokens, part.cost), '');
      return;
    case 'file':
      out.push(`Attached file ${span(part.name)}`, '');
      return;
    case 'patch':
      out.push(
        `Changed ${part.files.length} file${part.files.length === 1 ? '' : 's'}: ${part.files.slice(0, 20).map(span).join(', ')}`,
        '',
      );
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
        .map((w) => span(w!))
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
  return `Step${who ? ` ${span(who)}` : ''}: ${tokens ? tokensText(tokens) : 'no tokens recorded'} · ${formatCost(cost ?? 0)}`;
}

function tokensText(tokens: ServerTokens): string {
  const u = usageOf(tokens, 0);
  const parts = [`${formatTokens(u.input)} in`, `${formatTokens(u.output)} out`];
  if (u.reasoning) parts.push(`${formatTokens(u.reasoning)} reasoning`);
  if (u.cacheRead) parts.push(`${formatTokens(u.cacheRead)} cache read`);
  if (u.cacheWrite) parts.push(`${formatTokens(u.cacheWrite)} cache write`);
  return parts.join(', ');
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
  const line = visibleText(text)
    .replace(/[\r\n\u2028\u2029]+/g, ' ')
    .slice(0, 300);
  const run = Math.max(0, ...[...line.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(run + 1);
  return `${fence} ${line} ${fence}`;
}

/** Server text as a fenced block no line of it can close: a fence longer than any backtick run in it. */
export function fenced(text: string): string[] {
  const run = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(run + 1);
  return [`${fence}text`, ...text.split(/\r\n|\r|\n/), fence];
}
