// Reading a message's text fields from either generation: bounded, and only what is a string.
import { bounded, type TranscriptPart } from '../../store/transcript';
import { isObject, nonEmptyString } from '../../store/parse';
import { finite } from './sessionInfo';

/** A string field, bounded; undefined when it is not a string. */
export function boundedText(value: unknown): { text: string; cut?: number } | undefined {
  return typeof value === 'string' ? bounded(value) : undefined;
}

/** A tool call's input as JSON text, bounded (a write's whole file is its input). */
export function inputText(value: unknown): string {
  if (value === undefined || value === null) return '';
  let json: string;
  try {
    json = typeof value === 'string' ? value : (JSON.stringify(value) ?? '');
  } catch {
    json = '';
  }
  return bounded(json).text;
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
