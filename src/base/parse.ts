// Guards for reading what servers send: answers and events are unvalidated JSON, and a malformed item must
// be skipped, never break the read for the well-formed ones.

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A string with something in it; anything else (empty, number, null) is undefined. */
export function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** An amount (tokens, dollars): hostile or broken servers may send strings, NaN or negatives, which count as 0. */
export function amount(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0;
}
