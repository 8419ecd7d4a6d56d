// Per-step usage out of a session's messages, as `GET /session/:id/message` returns them: one row per
// `step-finish` part (one model call). Servers that folded several steps into one message overwrote the
// message's tokens with the last step's, so message tokens are used only when a message has no steps.
import type { StepRow } from './usageRows';
import { isObject, nonEmptyString } from '../store/parse';
import { totalTokens, usageOf } from '../store/usage';

/** One `{info, parts}` item of the messages API, unvalidated. */
export type RawMessage = unknown;

export interface ExtractedSteps {
  steps: StepRow[];
  /** Step numbers after which a compaction happened. */
  compactions: number[];
}

interface Parsed {
  id: string;
  role: string;
  created: number;
  info: Record<string, unknown>;
  parts: Array<Record<string, unknown>>;
}

/** Steps in message order; `contextLimit` gives a model's window for the context column. */
export function extractSteps(messages: Iterable<RawMessage>, contextLimit: (providerID: string, modelID: string) => number | undefined = () => undefined): ExtractedSteps {
  const parsed: Parsed[] = [];
  for (const raw of messages) {
    const m = parse(raw);
    if (m) parsed.push(m);
  }
  // Message ids sort by creation on the server; the time breaks no ties it gets wrong.
  parsed.sort((a, b) => a.created - b.created || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const steps: StepRow[] = [];
  const compactions: number[] = [];
  for (const m of parsed) {
    if (m.role === 'user') {
      if (m.parts.some((p) => p.type === 'compaction') && steps.length > 0) compactions.push(steps.length);
      continue;
    }
    if (m.role !== 'assistant') continue;
    const modelID = nonEmptyString(m.info.modelID);
    const providerID = nonEmptyString(m.info.providerID);
    const limit = modelID && providerID ? contextLimit(providerID, modelID) : undefined;
    const finishes = m.parts.filter((p) => p.type === 'step-finish');
    const sources = finishes.length ? finishes.map((p) => ({ tokens: p.tokens, cost: p.cost, source: 'step' as const })) : messageFallback(m.info);
    for (const s of sources) {
      const u = usageOf(isObject(s.tokens) ? s.tokens : undefined, typeof s.cost === 'number' ? s.cost : undefined);
      const all = totalTokens(u);
      steps.push({
        n: steps.length + 1,
        messageID: m.id,
        time: m.created,
        model: modelID ?? '',
        ...u,
        context: limit ? all / limit : undefined,
        source: s.source,
      });
    }
  }
  return { steps, compactions };
}

// A message still streaming (no completion, no tokens yet) is not a step yet.
function messageFallback(info: Record<string, unknown>): Array<{ tokens: unknown; cost: unknown; source: 'message' }> {
  const u = usageOf(isObject(info.tokens) ? info.tokens : undefined, typeof info.cost === 'number' ? info.cost : undefined);
  const any = totalTokens(u) + u.cost > 0;
  return any ? [{ tokens: info.tokens, cost: info.cost, source: 'message' }] : [];
}

function parse(raw: unknown): Parsed | undefined {
  if (!isObject(raw) || !isObject(raw.info)) return undefined;
  const info = raw.info;
  const id = nonEmptyString(info.id);
  const role = nonEmptyString(info.role);
  if (!id || !role) return undefined;
  const time = isObject(info.time) && typeof info.time.created === 'number' ? info.time.created : 0;
  const parts = Array.isArray(raw.parts) ? raw.parts.filter(isObject) : [];
  return { id, role, created: time, info, parts };
}

/** The message id of a raw item, for merging pages. */
export function rawMessageId(raw: unknown): string | undefined {
  return isObject(raw) && isObject(raw.info) ? nonEmptyString(raw.info.id) : undefined;
}
