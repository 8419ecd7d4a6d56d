// Ids in OpenCode's own form (packages/opencode/src/id/id.ts): `<prefix>_` + 12 hex digits (the low 48 bits of
// ms × 0x1000 + a counter within the ms) + 14 base62 characters. Ascending ids sort by time, which is how OpenCode
// orders messages: a prompt's id made here sorts with 1.18.33's own.
import { randomInt } from 'node:crypto';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
let lastMs = 0;
let counter = 0;

export function ascendingId(prefix: string, now = Date.now()): string {
  if (now !== lastMs) {
    lastMs = now;
    counter = 0;
  }
  counter += 1;
  const value = BigInt(now) * 0x1000n + BigInt(counter);
  const hex = (value & 0xffffffffffffn).toString(16).padStart(12, '0');
  let tail = '';
  for (let i = 0; i < 14; i++) tail += BASE62[randomInt(62)];
  return `${prefix}_${hex}${tail}`;
}
