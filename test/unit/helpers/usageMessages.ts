// Raw `{info, parts}` items as `GET /session/:id/message` returns them, for the usage panel's tests and bench,
// and a session holding them in the store, read in through the same loader the extension uses.
import { feedMessages } from '../../../src/client/v1/messages';
import type { SessionRecord } from '../../../src/store/sessionRecord';
import { SessionStore } from '../../../src/store/sessionStore';
export interface StepTokens {
  input: number;
  output: number;
  reasoning?: number;
  read?: number;
  write?: number;
  cost: number;
}

const tokensOf = (t: StepTokens) => ({
  input: t.input,
  output: t.output,
  reasoning: t.reasoning ?? 0,
  cache: { read: t.read ?? 0, write: t.write ?? 0 },
});

export function userMessage(id: string, created: number, parts: Array<Record<string, unknown>> = [{ type: 'text', text: 'hi' }]): unknown {
  return {
    info: { id, sessionID: 'S', role: 'user', time: { created } },
    parts: parts.map((p, i) => ({ id: `${id}-p${i}`, sessionID: 'S', messageID: id, ...p })),
  };
}

/** An assistant message with one `step-finish` part per step; its own tokens are the last step's (as old servers did). */
export function assistantMessage(
  id: string,
  created: number,
  steps: StepTokens[],
  modelID = 'alpha',
  options: { noParts?: boolean; providerID?: string } = {},
): unknown {
  const last = steps[steps.length - 1];
  return {
    info: {
      id,
      sessionID: 'S',
      role: 'assistant',
      modelID,
      providerID: options.providerID ?? 'scripted',
      cost: last?.cost ?? 0,
      tokens: last ? tokensOf(last) : undefined,
      time: { created, completed: created + 1 },
    },
    parts: options.noParts
      ? []
      : steps.map((s, i) => ({
          id: `${id}-s${i}`,
          sessionID: 'S',
          messageID: id,
          type: 'step-finish',
          reason: 'stop',
          cost: s.cost,
          tokens: tokensOf(s),
        })),
  };
}

/** A session of `n` single-step turns (user + assistant), with a compaction every 1 000 steps. */
export function longSession(n: number): unknown[] {
  const items: unknown[] = [];
  for (let i = 0; i < n; i++) {
    const t = 1_700_000_000_000 + i * 1000;
    const id = String(i).padStart(6, '0');
    items.push(userMessage(`u${id}`, t, i > 0 && i % 1000 === 0 ? [{ type: 'compaction', auto: true }] : undefined));
    items.push(
      assistantMessage(
        `m${id}`,
        t + 500,
        [{ input: 1000 + i, output: 200, reasoning: 50, read: 5000 + i, write: 100, cost: 0.0123 }],
        i % 2 ? 'alpha' : 'beta',
      ),
    );
  }
  return items;
}

/**
 * Session `S` with `items` fed to the store as the message history's loader feeds them; made at `created` (a
 * message older than that is a copy it was forked with, store/copiedHistory.ts).
 */
export function storedSession(items: unknown[], created = 0): SessionRecord {
  const store = new SessionStore();
  store.apply({ type: 'session.upsert', info: { id: 'S', title: 'S', directory: '/w', time: { created, updated: created } } });
  feedMessages(items, 'S', { seenLive: () => false, apply: (event) => void store.apply(event) });
  return store.get('S')!;
}
