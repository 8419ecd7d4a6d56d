// A form: what OpenCode 2's `question` tool (and MCP elicitation) asks the user, one answer per field. The shape
// is OpenCode's Form.Info (packages/schema/src/form.ts of its v2 branch, b6226260); the answer is
// `{[key]: string | number | boolean | string[]}`. The checks below repeat the server's own (validateAnswer in
// packages/core/src/form.ts@b6226260), so the user hears what is wrong before the server refuses the answer.

import { linearPattern, MAX_TEXT, type LinearPattern, type Unchecked } from '../base/pattern/linearPattern';

export interface FormOption {
  value: string;
  label: string;
  description: string;
}

/** Shown only while every condition holds against the answers so far (Form.When). */
export interface FormCondition {
  key: string;
  op: 'eq' | 'neq';
  value: string | number | boolean;
}

interface FieldBase {
  key: string;
  title: string;
  description: string;
  required: boolean;
  when: FormCondition[];
}

/** Free text, or one of `options` (with `custom`, a typed answer besides them). */
export interface StringField extends FieldBase {
  type: 'string';
  options?: FormOption[];
  custom: boolean;
  format?: 'email' | 'uri' | 'date' | 'date-time';
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  placeholder?: string;
  default?: string;
}

export interface MultiselectField extends FieldBase {
  type: 'multiselect';
  options: FormOption[];
  custom: boolean;
  minItems?: number;
  maxItems?: number;
  default?: string[];
}

export interface NumberField extends FieldBase {
  type: 'number' | 'integer';
  minimum?: number;
  maximum?: number;
  default?: number;
}

export interface BooleanField extends FieldBase {
  type: 'boolean';
  default?: boolean;
}

/** A link the user must visit (an OAuth page, say); answered `true` once acknowledged. */
export interface ExternalField extends FieldBase {
  type: 'external';
  url: string;
}

export type FormField = StringField | MultiselectField | NumberField | BooleanField | ExternalField;
export type FormValue = string | number | boolean | string[];
export type FormAnswer = Record<string, FormValue>;

export interface FormRequest {
  kind: 'form';
  id: string;
  sessionID: string;
  title: string;
  fields: FormField[];
}

/** Whether the field is asked, given the answers so far: an unanswered referenced field fails its condition. */
export function isFieldActive(field: FormField, answer: FormAnswer): boolean {
  return field.when.every((when) => {
    const value = answer[when.key];
    if (value === undefined) return false;
    const hit = Array.isArray(value) ? setOf(value).has(when.value) : value === when.value;
    return when.op === 'eq' ? hit : !hit;
  });
}

/** Why the server would refuse `value` for this field, in words; undefined when it would take it (or it is not checked here: fieldNote says so). */
export function fieldProblem(field: FormField, value: FormValue): string | undefined {
  switch (field.type) {
    case 'string':
      return typeof value === 'string' ? textProblem(field, value) : 'Expected text.';
    case 'number':
    case 'integer':
      if (typeof value !== 'number' || !Number.isFinite(value)) return 'Expected a number.';
      if (field.type === 'integer' && !Number.isInteger(value)) return 'Expected a whole number.';
      if (field.minimum !== undefined && value < field.minimum) return `At least ${field.minimum}.`;
      if (field.maximum !== undefined && value > field.maximum) return `At most ${field.maximum}.`;
      return undefined;
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'Expected yes or no.';
    case 'external':
      return value === true ? undefined : 'Open the link first.';
    case 'multiselect': {
      if (!Array.isArray(value)) return 'Expected a selection.';
      if (field.required && value.length === 0) return 'Pick at least one.';
      if (field.minItems !== undefined && value.length < field.minItems) return `Pick at least ${field.minItems}.`;
      if (field.maxItems !== undefined && value.length > field.maxItems) return `Pick at most ${field.maxItems}.`;
      if (!field.custom && !allOptions(value, field.options)) return 'Pick from the options.';
      return undefined;
    }
  }
}

/**
 * What fieldProblem could not check here, in words, or undefined: a pattern this matcher does not run (too large,
 * lookaround or back-references, invalid), or a text too long to check as it is typed. The server still checks
 * every answer; this says that it, not the extension, will.
 */
export function fieldNote(field: FormField, value: FormValue): string | undefined {
  if (field.type !== 'string' || typeof value !== 'string' || !(field.pattern !== undefined || field.format)) return undefined;
  if (field.maxLength !== undefined && value.length > field.maxLength) return undefined; // a problem already says so
  if (value.length > MAX_TEXT) return `Not checked here: answers over ${count(MAX_TEXT)} characters are checked by OpenCode when sent.`;
  if (field.pattern === undefined) return undefined;
  const matcher = compiledPattern(field.pattern);
  if (matcher.unchecked) return `Not checked against the pattern here: ${UNCHECKED[matcher.unchecked]}. OpenCode checks it when sent.`;
  if (value.length > matcher.longestText)
    return `Not checked against the pattern here: over ${count(matcher.longestText)} characters, the answer is too long to check as you type. OpenCode checks it when sent.`;
  return undefined;
}

const UNCHECKED: Record<Unchecked, string> = {
  'too large': 'the pattern is too large to check as you type',
  unsupported: 'the pattern uses lookaround or a back-reference',
  invalid: 'the pattern is not a valid regular expression',
};

/** 100000 as "100,000" (no Intl: its first use loads locale data on the keystroke's time). */
function count(n: number): string {
  const digits = String(n);
  let out = '';
  for (let i = 0; i < digits.length; i++) out += (i > 0 && (digits.length - i) % 3 === 0 ? ',' : '') + digits[i];
  return out;
}

function textProblem(field: StringField, value: string): string | undefined {
  if (field.required && value.length === 0) return 'An answer is required.';
  if (field.minLength !== undefined && value.length < field.minLength) return `At least ${field.minLength} characters.`;
  if (field.maxLength !== undefined && value.length > field.maxLength) return `At most ${field.maxLength} characters.`;
  // Past MAX_TEXT neither the pattern nor the format is checked here (fieldNote says so): both stay linear and short.
  if (value.length <= MAX_TEXT) {
    if (field.pattern !== undefined && compiledPattern(field.pattern).test(value) === false) return `Must match ${shown(field.pattern)}.`;
    if (field.format && !FORMATS[field.format](value)) return `Expected ${FORMAT_NAMES[field.format]}.`;
  }
  if (field.options && !field.custom && !field.options.some((o) => o.value === value)) return 'Pick from the options.';
  return undefined;
}

/** A pattern as a message shows it: its first 200 characters. */
function shown(pattern: string): string {
  return pattern.length > 200 ? `${pattern.slice(0, 199)}…` : pattern;
}

/**
 * The pattern is the model's or an MCP server's: it runs on a linear-time matcher, never on RegExp (which
 * backtracks, and froze the host for seconds per keystroke). Compiled once per pattern (a form's field is checked on
 * every keystroke), a few kept.
 */
const compiled = new Map<string, LinearPattern>();
function compiledPattern(pattern: string): LinearPattern {
  const known = compiled.get(pattern);
  if (known) return known;
  const matcher = linearPattern(pattern);
  if (compiled.size >= 16) compiled.delete(compiled.keys().next().value!);
  compiled.set(pattern, matcher);
  return matcher;
}

/**
 * Whether every picked value is one of the options: one pass over each, the set made of the picks (at most the
 * options a pick shows, and a typed one), so that a form of many options is scanned, never hashed whole.
 */
function allOptions(picked: readonly string[], options: readonly FormOption[]): boolean {
  const unseen = new Set(picked);
  for (const option of options) if (unseen.delete(option.value) && unseen.size === 0) return true;
  return unseen.size === 0;
}

/** A multiselect answer's values as a set, made once per answer (every later field's conditions may ask it). */
const answerSets = new WeakMap<readonly string[], { length: number; set: Set<FormValue> }>();
function setOf(values: readonly string[]): Set<FormValue> {
  let known = answerSets.get(values);
  // Made again if the list grew or shrank since (answers are built before they are asked about, but still).
  if (known?.length !== values.length) answerSets.set(values, (known = { length: values.length, set: new Set(values) }));
  return known.set;
}

// The formats as one pass each over the text, never a RegExp: `^[^\s@]+@[^\s@]+\.[^\s@]+$` backtracked for seconds
// on a long default.
const FORMATS: Record<NonNullable<StringField['format']>, (v: string) => boolean> = {
  email: isEmail,
  uri: (v) => {
    try {
      new URL(v); // WHATWG's parser: one pass
      return true;
    } catch {
      return false;
    }
  },
  date: (v) => v.length === 10 && isDatePrefix(v) && !Number.isNaN(Date.parse(v)),
  'date-time': (v) => v.length > 10 && isDatePrefix(v) && v[10] === 'T' && !Number.isNaN(Date.parse(v)),
};

/** As `^[^\s@]+@[^\s@]+\.[^\s@]+$`: one "@" with text before it, a "." after it with text on both sides, no space. */
function isEmail(v: string): boolean {
  let at = -1;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (isSpace(c)) return false;
    if (c === 0x40) {
      if (at !== -1) return false;
      at = i;
    }
  }
  if (at <= 0) return false;
  const dot = v.indexOf('.', at + 2);
  return dot !== -1 && dot < v.length - 1;
}

/** As `^\d{4}-\d{2}-\d{2}`. */
function isDatePrefix(v: string): boolean {
  for (let i = 0; i < 10; i++) {
    const c = v.charCodeAt(i);
    if (i === 4 || i === 7 ? c !== 0x2d : !(c >= 0x30 && c <= 0x39)) return false;
  }
  return true;
}

/** RegExp's `\s`: ECMAScript's white space and line terminators. */
function isSpace(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

const FORMAT_NAMES: Record<NonNullable<StringField['format']>, string> = {
  email: 'an e-mail address',
  uri: 'a URL',
  date: 'a date (YYYY-MM-DD)',
  'date-time': 'a date and time (YYYY-MM-DDThh:mm:ssZ)',
};
