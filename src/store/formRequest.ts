// A form: what OpenCode 2's `question` tool (and MCP elicitation) asks the user, one answer per field. The shape
// is OpenCode's Form.Info (packages/schema/src/form.ts of its v2 branch, b6226260); the answer is
// `{[key]: string | number | boolean | string[]}`. The checks below repeat the server's own (validateAnswer in
// packages/core/src/form.ts@b6226260), so the user hears what is wrong before the server refuses the answer.

import { linearPattern, type LinearPattern } from './linearPattern';

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
    const hit = Array.isArray(value) ? value.includes(when.value as string) : value === when.value;
    return when.op === 'eq' ? hit : !hit;
  });
}

/** Why the server would refuse `value` for this field, in words; undefined when it would take it. */
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
      if (!field.custom && value.some((v) => !field.options.some((o) => o.value === v))) return 'Pick from the options.';
      return undefined;
    }
  }
}

function textProblem(field: StringField, value: string): string | undefined {
  if (field.required && value.length === 0) return 'An answer is required.';
  if (field.minLength !== undefined && value.length < field.minLength) return `At least ${field.minLength} characters.`;
  if (field.maxLength !== undefined && value.length > field.maxLength) return `At most ${field.maxLength} characters.`;
  if (field.pattern !== undefined && !matchesPattern(field.pattern, value)) return `Must match ${field.pattern}.`;
  if (field.format && !FORMATS[field.format](value)) return `Expected ${FORMAT_NAMES[field.format]}.`;
  if (field.options && !field.custom && !field.options.some((o) => o.value === value)) return 'Pick from the options.';
  return undefined;
}

/**
 * The pattern is the model's or an MCP server's: it runs on a linear-time matcher, never on RegExp (which
 * backtracks, and froze the host for seconds per keystroke). One it cannot run, an invalid one or a text past
 * the matcher's bound passes here; the server checks every answer anyway and says what is wrong.
 */
function matchesPattern(pattern: string, value: string): boolean {
  return compiledPattern(pattern)?.test(value) ?? true;
}

/** Compiled once per pattern (a form's field is checked on every keystroke), a few kept. */
const compiled = new Map<string, LinearPattern | undefined>();
function compiledPattern(pattern: string): LinearPattern | undefined {
  if (compiled.has(pattern)) return compiled.get(pattern);
  const matcher = linearPattern(pattern);
  if (compiled.size >= 16) compiled.delete(compiled.keys().next().value!);
  compiled.set(pattern, matcher);
  return matcher;
}

const FORMATS: Record<NonNullable<StringField['format']>, (v: string) => boolean> = {
  email: (v) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v),
  uri: (v) => {
    try {
      new URL(v);
      return true;
    } catch {
      return false;
    }
  },
  date: (v) => /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v)),
  'date-time': (v) => /^\d{4}-\d{2}-\d{2}T/.test(v) && !Number.isNaN(Date.parse(v)),
};

const FORMAT_NAMES: Record<NonNullable<StringField['format']>, string> = {
  email: 'an e-mail address',
  uri: 'a URL',
  date: 'a date (YYYY-MM-DD)',
  'date-time': 'a date and time (YYYY-MM-DDThh:mm:ssZ)',
};
