// Reading a message's text fields from either generation: bounded, and only what is a string.
import { bounded, TRANSCRIPT_FIELD_CAP, type TranscriptPart } from '../../store/transcript';
import { isObject, nonEmptyString } from '../../base/parse';
import { finite } from './sessionInfo';

/** A string field, bounded; undefined when it is not a string. */
export function boundedText(value: unknown): { text: string; cut?: number } | undefined {
  return typeof value === 'string' ? bounded(value) : undefined;
}

/**
 * A tool call's input as JSON text, bounded (a write's whole file is its input): JSON.stringify's text, made only
 * as far as the bound (an input of tens of MB, or of millions of entries, was stringified whole in one step).
 */
export function inputText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return bounded(value).text;
  return bounded(jsonPrefix(value, TRANSCRIPT_FIELD_CAP + 1)).text;
}

/**
 * JSON.stringify(value)'s first `cap` characters or more (a parsed answer's values: objects, arrays, strings,
 * numbers, booleans, null; as JSON.stringify has them, undefined and functions left out of objects and null in
 * arrays), walked with a stack of its own (a parsed answer may nest 200 000 deep) and stopped once `cap` are made.
 */
export function jsonPrefix(value: unknown, cap: number): string {
  const out: string[] = [];
  let length = 0;
  const put = (text: string) => {
    out.push(text);
    length += text.length;
  };
  // What is left to write: a value, or a piece of punctuation.
  const todo: Array<{ value: unknown } | string> = [{ value }];
  while (todo.length && length < cap) {
    const next = todo.pop()!;
    if (typeof next === 'string') {
      put(next);
      continue;
    }
    const v = next.value;
    if (v === null || typeof v === 'boolean') put(String(v));
    else if (typeof v === 'number') put(Number.isFinite(v) ? String(v) : 'null');
    else if (typeof v === 'string') put(JSON.stringify(v.length > cap - length ? v.slice(0, cap - length) : v));
    else if (Array.isArray(v)) {
      // Pushed last first, so that the first is popped first; only as many as can still be written.
      const shown = Math.min(v.length, cap - length);
      todo.push(']');
      for (let i = shown - 1; i >= 0; i--) {
        const item = v[i] as unknown;
        todo.push({ value: item === undefined || typeof item === 'function' || typeof item === 'symbol' ? null : item });
        if (i) todo.push(',');
      }
      put('[');
    } else if (typeof v === 'object') {
      const entries: Array<[string, unknown]> = [];
      for (const key in v) {
        if (!Object.prototype.hasOwnProperty.call(v, key)) continue;
        const item = (v as Record<string, unknown>)[key];
        if (item === undefined || typeof item === 'function' || typeof item === 'symbol') continue;
        entries.push([key, item]);
        if (entries.length >= cap - length) break;
      }
      todo.push('}');
      for (let i = entries.length - 1; i >= 0; i--) {
        todo.push({ value: entries[i][1] });
        const key = entries[i][0];
        todo.push(`${i ? ',' : ''}${JSON.stringify(key.length > cap ? key.slice(0, cap) : key)}:`);
      }
      put('{');
    } else put('null');
  }
  return out.join('');
}

/** An error in either generation's words (`{name, data: {message}}`, `{type, message}`, or a string). */
export function errorText(value: unknown): string | undefined {
  if (typeof value === 'string') return bounded(value).text;
  if (!isObject(value)) return undefined;
  const data = isObject(value.data) ? value.data : {};
  const message = nonEmptyString(value.message) ?? nonEmptyString(data.message);
  const name = nonEmptyString(value.name) ?? nonEmptyString(value.type);
  const words = message && name && !message.startsWith(name) ? `${name}: ${message}` : (message ?? name);
  return words === undefined ? undefined : bounded(words).text;
}

/** A tool part's output and error, each bounded, with how much of them was dropped. */
export function toolResult(output: unknown, error: unknown): Pick<Extract<TranscriptPart, { kind: 'tool' }>, 'output' | 'error' | 'cut'> {
  const out = boundedText(output);
  const err = errorText(error);
  return {
    ...(out && { output: out.text }),
    ...(err && { error: err }),
    ...(out?.cut && { cut: out.cut }),
  };
}

/** `{start, end}` (1.x) or `{created, ran, completed}` (2.x) as a tool call's start and end. */
export function toolTimes(time: unknown): { start?: number; end?: number } {
  if (!isObject(time)) return {};
  const start = finite(time.start) ?? finite(time.ran) ?? finite(time.created);
  const end = finite(time.end) ?? finite(time.completed);
  return { ...(start !== undefined && { start }), ...(end !== undefined && { end }) };
}
