// The part a search result matched, as the content index holds it (its kind, tool and indexed text: entries.ts),
// rendered alone under the transcript's header (pure): what Enter on a result shows at once, while the transcript
// itself is read from the server. The indexed text is server text: escaped as prose, or in a fenced block.
import { formatLocalTime } from '../../present/format';
import { EntryKind, type Entry } from './entries';
import { escapedLine, proseLines } from './markdownText';
import {
  fenced,
  headerLines,
  type RenderedTranscript,
  type RenderOptions,
  type SessionLink,
  type TranscriptHeader,
} from './transcriptMarkdown';

/** What a search hit says of the part it matched. */
export type MatchedPart = Pick<Entry, 'part' | 'kind' | 'tool' | 'text' | 'at'>;

const byId: SessionLink = (sessionId) => ({ title: sessionId });

export function renderMatchedPart(
  header: TranscriptHeader,
  match: MatchedPart,
  options: RenderOptions = {},
  link: SessionLink = byId,
): RenderedTranscript {
  const head = headerLines(header, options, link);
  const out: string[] = [];
  const who = match.kind === EntryKind.Prompt ? 'Prompt' : 'Reply';
  const when = match.at === undefined ? '' : ` · ${escapedLine((options.formatTime ?? formatLocalTime)(match.at))}`;
  out.push(`## ${who}${when}`, '');
  const partLine = out.length;
  if (match.kind === EntryKind.Tool)
    out.push(`### Tool ${escapedLine(match.tool ?? 'tool')} · as the search index holds it`, '', ...fenced(match.text));
  else out.push(...proseLines(match.text, fenced));
  out.push('');
  const lines = new Map([[match.part, head.lineCount + partLine]]);
  return { text: `${head.text}${out.join('\n')}\n`, lines, folds: [], children: head.children };
}
