// The release-shape adapter's forks: 1.18.33's fork (a new root session holding copies of the original's messages,
// each with its cost, tokens and `time.created`, and a record whose totals sum them) answered as a 2.x release
// forks. Each behaviour names its source: "recorded" is ../shared/reference/opencode2-server.md "Recorded from the
// real servers, November 2026" (fork), "2.0.26" its source read there (zjdCander/opencode@1066927b).
import { readFileSync, writeFileSync } from 'node:fs';
import type { ReleaseEvent, V1Event } from './releaseEvents';
import { releaseTokens, type Tokens } from './releaseRecords';

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Session.ForkBoundary (openapi.json of the recorded build; packages/schema/src/session.ts at 2.0.26). */
export interface ForkBoundary {
  type: 'before' | 'through';
  messageID: string;
}

/** A fork the adapter made: its original, its boundary, when 1.x made it and what its copies hold. */
export interface ForkMade {
  from: string;
  boundary: ForkBoundary;
  created: number;
  copied: { cost: number; tokens: Tokens };
}

/**
 * What a fork request asks 1.x for: `{before?}` (2.0.26: the messages before it, all without it) or the recorded
 * build's `{boundary: {type: "through"}}` (all; `{type: "before", messageID}` as `before`). Undefined: refused (400).
 */
export function forkRequest(body: Json): { v1: Json; before?: string } | undefined {
  // 2.0.26: `{before?: messageID}`.
  if (typeof body.before === 'string') return { v1: { messageID: body.before }, before: body.before };
  if (body.boundary === undefined) return { v1: {} };
  // Recorded build: `{boundary: {type: "through"}}` (it refuses `{}`; a release takes it, as here).
  const boundary = body.boundary;
  if (!isObject(boundary)) return undefined;
  if (boundary.type === 'through') return { v1: {} };
  if (boundary.type === 'before' && typeof boundary.messageID === 'string')
    return { v1: { messageID: boundary.messageID }, before: boundary.messageID };
  return undefined;
}

/** A 1.x message as `GET /session/{id}/message` lists it, as far as a fork's copies are summed. */
interface V1Listed {
  info: { id?: unknown; role?: unknown; cost?: unknown; tokens?: unknown; time?: { created?: unknown } };
}

/** What the fork's copies hold: the messages 1.x made older than the fork itself (they keep the original's times). */
export function copiedFigures(messages: readonly V1Listed[], forkCreated: number): { cost: number; tokens: Tokens } {
  const sum = { cost: 0, tokens: releaseTokens(undefined) };
  for (const { info } of messages) {
    const created = typeof info.time?.created === 'number' ? info.time.created : Infinity;
    if (info.role !== 'assistant' || !(created < forkCreated)) continue;
    const t = releaseTokens(info.tokens);
    sum.cost += typeof info.cost === 'number' ? info.cost : 0;
    sum.tokens.input += t.input;
    sum.tokens.output += t.output;
    sum.tokens.reasoning += t.reasoning;
    sum.tokens.cache.read += t.cache.read;
    sum.tokens.cache.write += t.cache.write;
  }
  return sum;
}

/** `a - b`, never below 0: a float's residue of one sum taken in another order is 0 too. */
const less = (a: number, b: number) => Math.max(0, Math.round((a - b) * 1e12) / 1e12);

export class ReleaseForks {
  private readonly made = new Map<string, ForkMade>();
  /** Fork calls to 1.x not answered yet. */
  private underWay = 0;
  /** Each fork's copies seen on 1.x's stream (their parts go too). */
  private readonly copies = new Set<string>();
  /** Sessions 1.x said it made while a fork was under way, titled as its forks are, with their creation. */
  private readonly forking = new Map<string, number>();

  /** `file`: where the forks made are kept, so a restarted adapter over the same 1.18.33 answers as before. */
  constructor(private readonly file?: string) {
    if (!file) return;
    try {
      for (const [id, fork] of Object.entries(JSON.parse(readFileSync(file, 'utf8')) as Record<string, ForkMade>)) this.made.set(id, fork);
    } catch {
      // none made yet
    }
  }

  /** Runs 1.x's fork call: its stream's news of the copying, meanwhile and after, is not passed on. */
  async during<T>(call: () => Promise<T>): Promise<T> {
    this.underWay += 1;
    try {
      return await call();
    } finally {
      this.underWay -= 1;
    }
  }

  /** The fork 1.x made, as the release's record says it: from now on its record and events are a fork's. */
  record(id: string, fork: ForkMade): void {
    this.made.set(id, fork);
    if (this.file) writeFileSync(this.file, JSON.stringify(Object.fromEntries(this.made)));
  }

  /**
   * Whether a 1.x event is passed on. A release says a fork with `session.forked` alone (no `session.created`,
   * 2.0.26: packages/schema/src/session-event.ts), and copies history without streaming it as steps (ours: not
   * observed, as nothing ran): 1.x's `session.created` of the fork and its copies' messages and parts are dropped.
   */
  keep(event: V1Event): boolean {
    const props = isObject(event.payload.properties) ? event.payload.properties : {};
    const info = isObject(props.info) ? props.info : undefined;
    switch (event.payload.type) {
      case 'session.created': {
        const id = typeof info?.id === 'string' ? info.id : '';
        const created = isObject(info?.time) && typeof info.time.created === 'number' ? info.time.created : 0;
        // 1.18.33 titles its forks "<title> (fork #N)" (measured).
        if (this.underWay > 0 && typeof info?.title === 'string' && info.title.includes(' (fork #')) this.forking.set(id, created);
        return !this.forking.has(id) && !this.made.has(id);
      }
      case 'message.updated': {
        const sessionID = typeof info?.sessionID === 'string' ? info.sessionID : '';
        const made = this.made.get(sessionID)?.created ?? this.forking.get(sessionID);
        const created = isObject(info?.time) && typeof info.time.created === 'number' ? info.time.created : Infinity;
        if (made === undefined || !(created < made)) return true;
        this.copies.add(String(info?.id));
        return false;
      }
      case 'message.part.updated': {
        const part = isObject(props.part) ? props.part : undefined;
        return !this.copies.has(String(part?.messageID));
      }
      default:
        return true;
    }
  }

  /**
   * A session's record as a release answers it: a fork's starts at cost 0 and zero tokens, counting what it spent
   * after the fork, and says `fork: {sessionID, boundary}` (recorded; Session.Info in the recorded openapi.json).
   */
  session(info: Json): Json {
    const fork = this.made.get(String(info.id));
    if (!fork) return info;
    const tokens = releaseTokens(info.tokens);
    return {
      ...info,
      cost: less(typeof info.cost === 'number' ? info.cost : 0, fork.copied.cost),
      tokens: lessTokens(tokens, fork.copied.tokens),
      fork: { sessionID: fork.from, boundary: fork.boundary },
    };
  }

  /** A translated event: a fork's totals (`session.usage.updated`) less its copies, as its record (recorded). */
  event(event: ReleaseEvent): ReleaseEvent {
    const fork = event.type === 'session.usage.updated' ? this.made.get(String(event.data.sessionID)) : undefined;
    if (!fork) return event;
    const cost = typeof event.data.cost === 'number' ? event.data.cost : 0;
    return {
      ...event,
      data: { ...event.data, cost: less(cost, fork.copied.cost), tokens: lessTokens(releaseTokens(event.data.tokens), fork.copied.tokens) },
    };
  }
}

function lessTokens(a: Tokens, b: Tokens): Tokens {
  return {
    input: less(a.input, b.input),
    output: less(a.output, b.output),
    reasoning: less(a.reasoning, b.reasoning),
    cache: { read: less(a.cache.read, b.cache.read), write: less(a.cache.write, b.cache.write) },
  };
}
