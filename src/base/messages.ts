// A webview's messages declared once, as values (as GitLens declares its IpcCommand and IpcNotification): each its
// type name and a check per field. The union type comes from the values, and so does the run-time check of what the
// other side posts (a page showing server text posts data to verify, never trusted for its declared type).
import { isObject } from './parse';

/** One field: its check, and (for the compiler only, never set) the type it stands for. */
export type Field<T> = { readonly is: (value: unknown) => boolean; readonly _?: T };
type Fields = Readonly<Record<string, Field<unknown>>>;
export type MessageType<N extends string = string, F extends Fields = Fields> = { readonly type: N; readonly fields: F };

export const field = {
  boolean: { is: (v) => typeof v === 'boolean' } as Field<boolean>,
  number: { is: (v) => typeof v === 'number' } as Field<number>,
  /** A string, and one `test` accepts (it must be linear: the text is the other side's). */
  string: (test: (s: string) => boolean = () => true): Field<string> => ({ is: (v) => typeof v === 'string' && test(v) }),
  oneOf: <const T extends string>(...values: T[]): Field<T> => ({ is: (v) => values.includes(v as T) }),
  /** The host's own rows and lanes, which the page trusts: checked for their kind only (a cheap check of drift). */
  object: <T extends object>(): Field<T> => ({ is: isObject }),
  list: <T extends unknown[]>(): Field<T> => ({ is: Array.isArray }),
  optional: <T>(f: Field<T>): Field<T | undefined> => ({ is: (v) => v === undefined || f.is(v) }),
};

export function message<const N extends string, const F extends Fields = Record<never, never>>(type: N, fields?: F): MessageType<N, F> {
  return { type, fields: fields ?? ({} as F) };
}

type TypeOf<F> = F extends Field<infer T> ? T : never;
type Optional<F> = { [K in keyof F]: undefined extends TypeOf<F[K]> ? K : never }[keyof F];
type Flat<T> = { [K in keyof T]: T[K] };
/** A declared message as its type: a field that may be undefined may be left out. */
export type MessageOf<M> =
  M extends MessageType<infer N, infer F>
    ? Flat<{ type: N } & { [K in Exclude<keyof F, Optional<F>>]: TypeOf<F[K]> } & { [K in Optional<F>]?: TypeOf<F[K]> }>
    : never;

/** The check of a list of declared messages: the message as its type, or undefined for anything malformed. */
export function messageCheck<const L extends readonly MessageType[]>(declared: L): (raw: unknown) => MessageOf<L[number]> | undefined {
  const byType = new Map<unknown, MessageType>(declared.map((m) => [m.type, m]));
  return (raw) => {
    if (!isObject(raw)) return undefined;
    const declaration = byType.get(raw.type);
    if (!declaration) return undefined;
    // An undeclared key refuses the message: one pass over its keys, none sorted or copied.
    for (const name in raw) if (name !== 'type' && !Object.hasOwn(declaration.fields, name)) return undefined;
    for (const [name, f] of Object.entries(declaration.fields))
      if (!f.is(Object.hasOwn(raw, name) ? raw[name] : undefined)) return undefined;
    return raw as MessageOf<L[number]>;
  };
}

/** A malformed message, shortened for the log (it is the other side's data: never shown as markup). */
export function describeMalformed(raw: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(raw) ?? String(raw);
  } catch {
    text = Object.prototype.toString.call(raw);
  }
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
