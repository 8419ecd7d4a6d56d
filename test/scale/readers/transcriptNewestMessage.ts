// A followed transcript whose newest message is large (issue 75, a hostile input tried on the landed follow): a
// working session's newest message is rendered again at each move, and one message may hold any number of parts,
// each up to the 64 KB a field keeps (TRANSCRIPT_FIELD_CAP) — 1 000 outputs fill a 64 MB answer. The message was
// rendered in one synchronous step (300 parts: 106 ms; 1 000: over 300 ms); now the render gives the loop a turn
// between parts when its slice is spent.
import assert from 'node:assert/strict';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { TranscriptRender } from '../../../src/features/transcripts/transcriptMarkdown';
import { TranscriptMessages } from '../../../src/features/transcripts/transcriptMessages';
import { TRANSCRIPT_FIELD_CAP, type TranscriptMessage } from '../../../src/store/transcript';
import { reader, type Reader } from '../reader';
import { realisticStep } from './searchShapes';

interface Followed {
  render: TranscriptRender;
  messages: TranscriptMessages;
  /** What each move reads: the newest message again, a part more each time. */
  moves: TranscriptMessage[][];
}

const header = { title: 't', server: 's', directory: '/w', sessionId: 'ses_a' };

/** A tool output of the most a field keeps, of a real step's words. */
function fullOutput(): string {
  const words = (realisticStep('ses_a', 0).parts[1] as { output: string }).output;
  return words.repeat(Math.ceil(TRANSCRIPT_FIELD_CAP / words.length)).slice(0, TRANSCRIPT_FIELD_CAP);
}

/** The newest message, holding `parts` tool calls of a full output each (the same ids each time it is read). */
function newest(parts: number, output: string): TranscriptMessage {
  return {
    id: 'msg_newest',
    sessionID: 'ses_a',
    role: 'assistant',
    created: 30_000,
    parts: Array.from({ length: parts }, (_, i) => ({
      kind: 'tool' as const,
      id: `prt_${i}`,
      tool: 'bash',
      status: 'completed' as const,
      input: `step ${i}`,
      output,
    })),
  };
}

const newestMessage = reader<Followed>({
  name: 'transcript followed while its newest message of many full outputs moves (TranscriptRender.update)',
  covers: ['src/features/transcripts/transcriptMarkdown.ts#TranscriptRender'],
  // An item is a part of 64 KB: 10n is a 64 MB answer's worth.
  n: 100,
  read: async ({ render, messages, moves }) => {
    let lines = new Map<string, number>();
    for (const read of moves) {
      messages.merge(read);
      ({ lines } = await render.update(header, messages.all, {}, nextTurn, messages.takeChanged()));
      await nextTurn();
    }
    // Not the text: VS Code's read of it (its join) is the same for any renderer, and paced by its size (followPace.ts).
    return { lines, size: render.size };
  },
  shapes: [
    {
      name: 'a session of 20 steps whose newest message of n full outputs moves twice, a part more each time',
      make: async (n) => {
        const output = fullOutput();
        const render = new TranscriptRender();
        const messages = new TranscriptMessages();
        messages.merge([...Array.from({ length: 20 }, (_, i) => realisticStep('ses_a', i)), newest(n, output)]);
        await render.update(header, messages.all, {}, nextTurn, messages.takeChanged());
        return { render, messages, moves: [[newest(n + 1, output)], [newest(n + 2, output)]] };
      },
      worst: true,
    },
  ],
  check: (answer, n) => {
    const { lines, size } = answer as { lines: Map<string, number>; size: number };
    assert.ok(lines.has(`prt_${n + 1}`), 'the newest part has its line');
    assert.ok(size > (n + 2) * TRANSCRIPT_FIELD_CAP, `the document holds every output (${size} characters)`);
  },
});

export const transcriptNewestMessageReaders: Array<Reader<unknown, unknown>> = [newestMessage];
