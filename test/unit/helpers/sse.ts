// Reads the recorded OpenCode event streams in test/fixtures. Tests run from bundles under out/, so the
// fixture folder is found from the repository root rather than from this source file.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../harness/paths';

export interface SseItems {
  /** Every `data:` payload that parsed as JSON, in stream order. */
  items: unknown[];
  /** `data:` payloads that were not JSON; skipped so one bad line cannot hide the rest. */
  malformed: number;
}

export function readSse(name: string): SseItems {
  return parseSse(readFileSync(join(repoRoot(), 'test', 'fixtures', name), 'utf8'));
}

/** SSE framing: blank-line separated events; the `data:` lines of one event join with "\n". */
export function parseSse(text: string): SseItems {
  const items: unknown[] = [];
  let malformed = 0;
  for (const block of text.split(/\r?\n\r?\n/)) {
    const data = block
      .split(/\r?\n/)
      .filter((line) => line.startsWith('data:'))
      .map((line) => line.slice(5).replace(/^ /, ''));
    if (data.length === 0) continue; // comments, `event:`/`id:`-only blocks, trailing blank lines
    try {
      items.push(JSON.parse(data.join('\n')));
    } catch {
      malformed += 1;
    }
  }
  return { items, malformed };
}

/** The `payload` of a `/global/event` item, or the item itself for `/event`. */
export function payloadOf(item: unknown): { type?: unknown; properties?: Record<string, unknown> } {
  const o = item as { payload?: unknown };
  const p = typeof o === 'object' && o !== null && typeof o.payload === 'object' && o.payload !== null ? o.payload : item;
  return p as { type?: unknown; properties?: Record<string, unknown> };
}
