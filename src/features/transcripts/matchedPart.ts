// The part a search result matched, as the content index holds it (its kind, tool and indexed text), rendered alone
// under the transcript's header (pure): what Enter on a result shows at once, while the transcript itself is read
// from the server. The indexed text is server text: escaped as prose, or in a fenced block. It arrives as the Open
// Transcript command's argument (the search feature passes it), so it is checked as any argument is.
import { formatLocalTime } from '../../present/format';
import { isObject } from '../../base/parse';
import type { MatchedPart } from '../../app/commands/commandTable';
import { escapedLine, proseLines } from './markdownText';
import {
  fenced,
  headerLines,
  type RenderedTranscript,
  type RenderOptions,
  type SessionLink,
  type TranscriptHeader,
} from './transcriptMarkdown';

const KINDS: ReadonlySet<string> = new Set(['prompt', 'reply', 'tool']);
/** What of a match is kept: the index keeps no more of a part (16 KB of text, a 512-character title). */
const TEXT_MAX = 16 * 1024;
const TOOL_MAX = 512;
/** Of a query's words: no one types more, nor longer (the index's longest word is 48 characters). */
const WORDS_MAX = 16;
const WORD_MAX = 48;

/** A command argument as a MatchedPart, or undefined when it is not one. */
export function matchedPartOf(value: unknown): MatchedPart | undefined {
  if (!isObject(value) || typeof value.part !== 'string' || typeof value.text !== 'string') return undefined;
  if (typeof value.kind !== 'string' || !KINDS.has(value.kind)) return undefined;
  return {
    part: value.part,
    kind: value.kind as MatchedPart['kind'],
    text: value.text.slice(0, TEXT_MAX),
    ...(typeof value.tool === 'string' && { tool: value.tool.slice(0, TOOL_MAX) }),
    ...(typeof value.at === 'number' && Number.isFinite(value.at) && { at: value.at }),
    ...(Array.isArray(value.words) && { words: wordsOf(value.words) }),
  };
}

/** A word as the search's terms are: letters, digits, marks and `_` (punctuation could split an escape of ours). */
const WORD = /^[\p{L}\p{N}\p{M}_]+$/u;

/** The query's words given: strings of word characters, lower-cased, each cut, at most WORDS_MAX of them. */
function wordsOf(given: unknown[]): string[] {
  return given
    .slice(0, WORDS_MAX)
    .filter((w): w is string => typeof w === 'string' && w.length > 0)
    .map((w) => w.slice(0, WORD_MAX).toLowerCase())
    .filter((w) => WORD.test(w));
}

const byId: SessionLink = (sessionId) => ({ title: sessionId });

export function renderMatchedPart(
  header: TranscriptHeader,
  match: MatchedPart,
  options: RenderOptions = {},
  link: SessionLink = byId,
): RenderedTranscript {
  const head = headerLines(header, options, link);
  const out: string[] = [];
  const who = match.kind === 'prompt' ? 'Prompt' : 'Reply';
  const when = match.at === undefined ? '' : ` · ${escapedLine((options.formatTime ?? formatLocalTime)(match.at))}`;
  out.push(`## ${who}${when}`, '');
  const partLine = out.length;
  if (match.kind === 'tool')
    out.push(`### Tool ${escapedLine(match.tool ?? 'tool')} · as the search index holds it`, '', ...fenced(match.text));
  else out.push(...proseLines(match.text, fenced));
  out.push('');
  const lines = new Map([[match.part, head.lineCount + partLine]]);
  return { text: `${head.text}${out.join('\n')}\n`, lines, folds: [], children: head.children };
}
