// Inputs for the search readers (search.ts): words that share one hash, transcripts of many steps, ids of 10 KB of
// non-ASCII characters, and a small loopback OpenCode 1.x stand-in whose message pages never end (or whose
// sessions are all gone), answering what a hostile server would.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TranscriptMessage, TranscriptPart } from '../../../src/store/transcript';

/**
 * n distinct lower-case words of 48 characters that unseeded FNV-1a (offset 0x811c9dc5, prime 0x01000193) sends to
 * one slot of any table up to 2^20 slots: the low k bits of FNV-1a depend only on the low k bits of its state, so
 * 6 blocks, each a choice among 4-character strings that take the same 20-bit state to the same next one, chain
 * into (at least 7^6 =) 117 649 words that all end on one state; a fixed tail keeps it.
 */
export function collidingWords(n: number): string[] {
  const blocks = collisionBlocks();
  const words: string[] = [];
  const choice = new Array<number>(blocks.length).fill(0);
  for (let w = 0; w < n; w++) {
    words.push(`${blocks.map((options, i) => options[choice[i]]).join('')}${TAIL}`);
    for (let i = 0; i < blocks.length; i++) {
      choice[i] += 1;
      if (choice[i] < blocks[i].length) break;
      choice[i] = 0;
    }
  }
  return words;
}

const TAIL = 'collidingwordtailof24chrs'.slice(0, 24);
let blocksMade: string[][] | undefined;
function collisionBlocks(): string[][] {
  if (blocksMade) return blocksMade;
  const BITS = 20;
  const MASK = (1 << BITS) - 1;
  const PRIME = 0x01000193;
  const first = 'abcdefghijklmnopqrstuvwxyz';
  const rest = `${first}0123456789`;
  const a = Uint8Array.from(first, (c) => c.charCodeAt(0));
  const b = Uint8Array.from(rest, (c) => c.charCodeAt(0));
  let state = 0x811c9dc5 & MASK;
  const blocks: string[][] = [];
  const counts = new Uint8Array(1 << BITS);
  // Each of the 26 × 36³ strings' next state, by the string's number.
  const next = new Int32Array(a.length * b.length ** 3);
  while (blocks.length < 6) {
    counts.fill(0);
    let best = 0;
    let k = 0;
    for (let w = 0; w < a.length; w++) {
      const hw = Math.imul(state ^ a[w], PRIME) & MASK;
      for (let x = 0; x < b.length; x++) {
        const hx = Math.imul(hw ^ b[x], PRIME) & MASK;
        for (let y = 0; y < b.length; y++) {
          const hy = Math.imul(hx ^ b[y], PRIME) & MASK;
          for (let z = 0; z < b.length; z++, k++) {
            const h = (next[k] = Math.imul(hy ^ b[z], PRIME) & MASK);
            if (counts[h] < 255 && ++counts[h] > counts[best]) best = h;
          }
        }
      }
    }
    const options: string[] = [];
    for (let i = 0; i < next.length; i++) {
      if (next[i] !== best) continue;
      const z = i % b.length;
      const y = Math.floor(i / b.length) % b.length;
      const x = Math.floor(i / b.length ** 2) % b.length;
      const w = Math.floor(i / b.length ** 3);
      options.push(String.fromCharCode(a[w], b[x], b[y], b[z]));
    }
    blocks.push(options);
    state = best;
  }
  return (blocksMade = blocks);
}

const VOCABULARY = (
  'retry policy server session message token cost model reply prompt tool output input error folder file path ' +
  'build test lint index search query result page cache worker thread event stream budget window agent step'
).split(' ');

/** Ordinary prose of about n words, repeating a small vocabulary with numbers. */
export function prose(n: number): string {
  const words: string[] = [];
  for (let i = 0; i < n; i++) words.push(i % 7 === 0 ? `v${i % 1000}` : VOCABULARY[(i * 31) % VOCABULARY.length]);
  return words.join(' ');
}

/** A string of `chars` characters outside ASCII (Cyrillic and Han), different for each `seed`. */
export function wideId(seed: number, chars = 10_240): string {
  const head = `ид${seed.toString(36)}_`;
  return head + 'я中'.repeat(Math.ceil((chars - head.length) / 2)).slice(0, chars - head.length);
}

let ids = 0;
export const nextId = (prefix: string) => `${prefix}_${(ids++).toString(36).padStart(8, '0')}`;

/** A finished exchange: a prompt and a reply with a tool call, about 300 characters of text. */
export function ordinaryMessages(sessionID: string, n: number, created = 1_000): TranscriptMessage[] {
  const messages: TranscriptMessage[] = [];
  for (let i = 0; i < n; i++) {
    const parts: TranscriptPart[] =
      i % 2 === 0
        ? [{ kind: 'text', id: nextId('prt'), text: `please retry the policy ${prose(12)} ${i}` }]
        : [
            { kind: 'text', id: nextId('prt'), text: prose(20) },
            { kind: 'tool', id: nextId('prt'), tool: 'bash', status: 'completed', input: '{"command":"npm test"}', output: prose(20) },
            { kind: 'step', id: nextId('prt'), cost: 0.01 },
          ];
    messages.push({
      id: nextId('msg'),
      sessionID,
      role: i % 2 === 0 ? 'user' : 'assistant',
      created: created + i,
      ...(i % 2 === 1 && { completed: created + i, modelID: 'm', providerID: 'p', cost: 0.01 }),
      parts,
    });
  }
  return messages;
}

/** A heavy step: a reasoning and a reply near the 16 KB an entry keeps, a tool whose input and output pass their caps. */
export function heavyStep(sessionID: string, i: number): TranscriptMessage {
  const text = (n: number) => prose(n);
  return {
    id: nextId('msg'),
    sessionID,
    role: 'assistant',
    created: 10_000 + i,
    completed: 10_001 + i,
    modelID: 'model',
    providerID: 'provider',
    parts: [
      { kind: 'reasoning', id: nextId('prt'), text: text(2_500) },
      { kind: 'text', id: nextId('prt'), text: text(2_500) },
      { kind: 'tool', id: nextId('prt'), tool: 'read', status: 'completed', input: text(400), output: text(1_000), start: 1, end: 2 },
      { kind: 'step', id: nextId('prt'), cost: 0.02 },
    ],
  };
}

const STEP_PROSE = prose(1_200);

/**
 * A working session's step as long as a real one (7.7 KB rendered: a reply of 3 KB with a few characters outside
 * Latin-1, as a model's replies have, a tool's input and output of 0.5 and 3.5 KB), its text ending in `mark` so a
 * later version of it can be told apart.
 */
export function realisticStep(sessionID: string, i: number, mark = String(i)): TranscriptMessage {
  return {
    id: nextId('msg'),
    sessionID,
    role: 'assistant',
    created: 20_000 + i,
    completed: 20_001 + i,
    modelID: 'model',
    providerID: 'provider',
    parts: [
      { kind: 'text', id: nextId('prt'), text: `${STEP_PROSE.slice(0, 3_000)} — “done” ✓ ${mark}` },
      {
        kind: 'tool',
        id: nextId('prt'),
        tool: 'bash',
        status: 'completed',
        input: STEP_PROSE.slice(100, 600),
        output: STEP_PROSE.slice(200, 3_700),
        start: 1,
        end: 2,
      },
      { kind: 'step', id: nextId('prt'), cost: 0.02 },
    ],
  };
}

/** One message of text parts of 16 KB each, about `chars` characters in all, made of colliding words. */
export function collidingMessage(sessionID: string, chars: number): TranscriptMessage {
  const words = collidingWords(Math.ceil(chars / 49));
  const parts: TranscriptPart[] = [];
  const PER_PART = Math.floor(16_384 / 49);
  for (let i = 0; i < words.length; i += PER_PART)
    parts.push({ kind: 'text', id: nextId('prt'), text: words.slice(i, i + PER_PART).join(' ') });
  return { id: nextId('msg'), sessionID, role: 'user', created: 5_000, parts };
}

/** What the stand-in answers for one session: its message pages, or that it is gone. */
export interface StandInSession {
  /** Pages of messages, newest page first; `undefined`: pages never end. */
  pages?: number;
  gone?: boolean;
}

export interface StandIn {
  url: string;
  sessions: Map<string, StandInSession>;
  /** Requests answered, and the most that were in flight at once. */
  answered: number;
  mostInFlight: number;
  reset(): void;
  close(): Promise<void>;
}

/** 200 messages of about 1 KB each, a page of what `opencode serve` 1.x sends for `GET /session/{id}/message`. */
function page(sessionID: string, cursor: number, size: number): unknown[] {
  const items: unknown[] = [];
  for (let i = 0; i < size; i++) {
    const id = `msg_${String(cursor).padStart(8, '0')}_${String(i).padStart(4, '0')}`;
    items.push({
      info: { id, sessionID, role: 'user', time: { created: 1_000_000 - cursor * size + i } },
      parts: [{ id: `prt_${id}`, type: 'text', text: `${prose(150)} ${cursor}` }],
    });
  }
  return items;
}

/** A loopback stand-in of OpenCode 1.x for the routes the indexer asks: a session's message pages, a session. */
export async function standIn(): Promise<StandIn> {
  let inFlight = 0;
  const state: StandIn = {
    url: '',
    sessions: new Map(),
    answered: 0,
    mostInFlight: 0,
    reset() {
      this.sessions.clear();
      this.answered = 0;
      this.mostInFlight = 0;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const answer = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    // A moment later, as a server does: requests sent at once are in flight at once.
    setTimeout(() => {
      inFlight -= 1;
      state.answered += 1;
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    }, 1);
  };
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    inFlight += 1;
    state.mostInFlight = Math.max(state.mostInFlight, inFlight);
    const url = new URL(req.url ?? '/', 'http://x');
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    const session = parts[0] === 'session' ? state.sessions.get(parts[1]) : undefined;
    if (!session || session.gone) return answer(res, 404, { name: 'NotFoundError', data: { message: 'gone' } });
    if (parts.length === 2) return answer(res, 200, { id: parts[1], title: 't', directory: '/w', time: { created: 1, updated: 2 } });
    const cursor = Number(url.searchParams.get('before') ?? 0);
    const size = Math.min(200, Number(url.searchParams.get('limit') ?? 200));
    const more = session.pages === undefined || cursor + 1 < session.pages;
    return answer(res, 200, page(parts[1], cursor, size), more ? { 'x-next-cursor': String(cursor + 1) } : {});
  });
  // Idle keep-alive sockets are the client's to close (as hostileServer.ts): the server's timer, in the reader's
  // thread, could reset a socket the reader reuses after a long step on a loaded machine.
  server.keepAliveTimeout = 0;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return state;
}
