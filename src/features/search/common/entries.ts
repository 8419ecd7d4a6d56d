// What of a transcript message the content index searches: one entry per part that says or does something —
// a prompt, a reply or its reasoning, a tool call (its name, title and input, then a bounded prefix of its output
// and error). A part is indexed once it is finished: a text once its message has moved on or ended, a tool once
// it completed or failed. Each field has its own bound, so a 10 MB output costs its prefix.
import type { TranscriptMessage, TranscriptPart } from '../../../store/transcript';
import type { MatchedPart } from '../../../app/commands/commandTable';

/** Bits, so a document's kinds are one number: a prompt, a reply (or its reasoning), a tool call. */
export const EntryKind = { Prompt: 1, Reply: 2, Tool: 4 } as const;
export type EntryKind = (typeof EntryKind)[keyof typeof EntryKind];

export interface Entry {
  /** The part's id (the transcript scrolls to it). */
  part: string;
  kind: EntryKind;
  /** The tool's name, for a tool entry. */
  tool?: string;
  text: string;
  /** When its message was created. */
  at?: number;
}

/** Each field's bound: what an entry keeps of it (the search engine is sent no more, engine/protocol.ts). */
export const TEXT_CAP = 16 * 1024;
export const TITLE_CAP = 512;
export const INPUT_CAP = 2 * 1024;
export const OUTPUT_CAP = 4 * 1024;
export const ERROR_CAP = 1024;

const cap = (text: string | undefined, max: number) => (!text ? '' : text.length <= max ? text : text.slice(0, max));

/** The part's entry once it is finished (`messageEnded`: its message ended, or is no reply); else undefined. */
export function entryOfPart(message: TranscriptMessage, part: TranscriptPart, messageEnded: boolean): Entry | undefined {
  return finished(part, messageEnded) ? entryOf(message, part) : undefined;
}

/** A text streams until its message ends (or a later part starts); a tool is done once it completed or failed. */
function finished(part: TranscriptPart, messageDone: boolean): boolean {
  if (part.kind === 'tool') return part.status === 'completed' || part.status === 'error';
  return messageDone || part.kind !== 'text';
}

function entryOf(message: TranscriptMessage, part: TranscriptPart): Entry | undefined {
  switch (part.kind) {
    case 'text':
    case 'reasoning': {
      const text = cap(part.text, TEXT_CAP);
      if (!text.trim()) return undefined;
      const prompt = message.role === 'user' && part.kind === 'text' && !part.synthetic;
      return { part: part.id, kind: prompt ? EntryKind.Prompt : EntryKind.Reply, text };
    }
    case 'tool': {
      const text = [
        part.tool,
        cap(part.title, TITLE_CAP),
        cap(part.input, INPUT_CAP),
        cap(part.output, OUTPUT_CAP),
        cap(part.error, ERROR_CAP),
      ]
        .filter(Boolean)
        .join('\n');
      return { part: part.id, kind: EntryKind.Tool, tool: part.tool, text };
    }
    default:
      return undefined;
  }
}

/** Whether a message will change no more: its parts need not be read again. */
export function messageDone(message: TranscriptMessage): boolean {
  if (message.role !== 'assistant') return true;
  return (
    message.completed !== undefined && message.parts.every((p) => p.kind !== 'tool' || p.status === 'completed' || p.status === 'error')
  );
}

/** An entry as the Open Transcript command takes the part a hit matched (plain data: kinds by name). */
export function matchedOf(entry: Entry): Omit<MatchedPart, 'words'> {
  const kind = entry.kind === EntryKind.Prompt ? 'prompt' : entry.kind === EntryKind.Tool ? 'tool' : 'reply';
  return {
    part: entry.part,
    kind,
    text: entry.text,
    ...(entry.tool !== undefined && { tool: entry.tool }),
    ...(entry.at !== undefined && { at: entry.at }),
  };
}
