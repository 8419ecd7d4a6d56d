// The recorded V2 answers in test/fixtures/v2 (OpenCode 1.18.33), and a factory for V2 stream items.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../harness/paths';
import { readSse } from './sse';

export function v2Json(name: string): unknown {
  return JSON.parse(readFileSync(join(repoRoot(), 'test', 'fixtures', 'v2', name), 'utf8')) as unknown;
}

export function v2Stream(name: string): unknown[] {
  const { items, malformed } = readSse(join('v2', name));
  if (malformed) throw new Error(`${name}: ${malformed} unreadable data lines`);
  return items;
}

let next = 0;

/** One `/api/event` item `{id, type, data}` with a fresh event id. */
export function v2Item(type: string, data: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  next += 1;
  return { id: `evt_test${String(next).padStart(6, '0')}`, type, data, ...extra };
}

/** The first recorded item of a type. */
export function firstOf(items: unknown[], type: string): Record<string, unknown> {
  const found = items.find((i) => (i as { type?: unknown }).type === type);
  if (!found) throw new Error(`no ${type} recorded`);
  return found as Record<string, unknown>;
}
