// OpenCode 2's forms as the store's FormRequest. Form.Info and its fields are OpenCode's
// packages/schema/src/form.ts (v2 branch, b6226260): `{id: "frm_…", sessionID, title, metadata?, fields}` with
// fields tagged by `type` (string, number, integer, boolean, multiselect, external). The same Form.Info comes in
// `GET /api/session/{id}/form` and `GET /api/form/request` (`{data: [Form.Info]}`, packages/protocol/src/groups/
// form.ts@b6226260) and in the `form.created {form}` event; recorded in test/fixtures/opencode2/form-*.json.
import { isObject, nonEmptyString } from '../../base/parse';
import type { FormCondition, FormField, FormOption, FormRequest } from '../../store/formRequest';

/** Past these a form is no question a person answers: unreadable (counted as such), never read at any length. */
const MAX_FIELDS = 100;
const MAX_OPTIONS = 1_000;
const MAX_CONDITIONS = 20;

/** A form, validated; undefined when it has no id, session or readable field, or is past the caps. */
export function parseForm(value: unknown): FormRequest | undefined {
  if (!isObject(value)) return undefined;
  const id = nonEmptyString(value.id);
  const sessionID = nonEmptyString(value.sessionID);
  if (!id || !sessionID || !Array.isArray(value.fields) || value.fields.length > MAX_FIELDS) return undefined;
  const fields = value.fields.map(parseField);
  // A field of a type this version cannot ask would make every answer incomplete: the form is unreadable.
  if (!fields.length || fields.some((f) => f === undefined)) return undefined;
  return { kind: 'form', id, sessionID, title: typeof value.title === 'string' ? value.title : '', fields: fields as FormField[] };
}

/** The forms in a list answer (`{data}`, or a bare array); undefined when it is not a list at all. */
export function readV2Forms(raw: unknown): { requests: FormRequest[]; malformed: number } | undefined {
  const list = Array.isArray(raw) ? raw : isObject(raw) && Array.isArray(raw.data) ? raw.data : undefined;
  if (!list) return undefined;
  const requests = list.map(parseForm).filter((f): f is FormRequest => f !== undefined);
  return { requests, malformed: list.length - requests.length };
}

function parseField(value: unknown): FormField | undefined {
  if (!isObject(value)) return undefined;
  const key = nonEmptyString(value.key);
  if (!key) return undefined;
  if (Array.isArray(value.options) && value.options.length > MAX_OPTIONS) return undefined;
  if (Array.isArray(value.when) && value.when.length > MAX_CONDITIONS) return undefined;
  if (Array.isArray(value.default) && value.default.length > MAX_OPTIONS) return undefined;
  const base = {
    key,
    title: typeof value.title === 'string' ? value.title : '',
    description: typeof value.description === 'string' ? value.description : '',
    required: value.required === true,
    when: Array.isArray(value.when) ? value.when.map(parseCondition).filter((c): c is FormCondition => c !== undefined) : [],
  };
  switch (value.type) {
    case 'string':
      return {
        ...base,
        type: 'string',
        ...(Array.isArray(value.options) ? { options: parseOptions(value.options) } : {}),
        custom: value.custom === true,
        ...oneOf('format', value.format, ['email', 'uri', 'date', 'date-time'] as const),
        ...count('minLength', value.minLength),
        ...count('maxLength', value.maxLength),
        ...text('pattern', value.pattern),
        ...text('placeholder', value.placeholder),
        ...text('default', value.default),
      };
    case 'multiselect':
      if (!Array.isArray(value.options)) return undefined;
      return {
        ...base,
        type: 'multiselect',
        options: parseOptions(value.options),
        custom: value.custom === true,
        ...count('minItems', value.minItems),
        ...count('maxItems', value.maxItems),
        ...(Array.isArray(value.default) ? { default: value.default.filter((v): v is string => typeof v === 'string') } : {}),
      };
    case 'number':
    case 'integer':
      return {
        ...base,
        type: value.type,
        ...num('minimum', value.minimum),
        ...num('maximum', value.maximum),
        ...num('default', value.default),
      };
    case 'boolean':
      return { ...base, type: 'boolean', ...(typeof value.default === 'boolean' ? { default: value.default } : {}) };
    case 'external': {
      const url = nonEmptyString(value.url);
      return url ? { ...base, type: 'external', url } : undefined;
    }
    default:
      return undefined;
  }
}

function parseOptions(list: unknown[]): FormOption[] {
  return list.filter(isObject).flatMap((o) => {
    const value = typeof o.value === 'string' ? o.value : undefined;
    if (value === undefined) return [];
    const label = nonEmptyString(o.label) ?? value;
    return [{ value, label, description: typeof o.description === 'string' ? o.description : '' }];
  });
}

function parseCondition(value: unknown): FormCondition | undefined {
  if (!isObject(value)) return undefined;
  const key = nonEmptyString(value.key);
  const op = value.op === 'eq' || value.op === 'neq' ? value.op : undefined;
  const v = value.value;
  const ok = typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));
  return key && op && ok ? { key, op, value: v } : undefined;
}

function num<K extends string>(key: K, value: unknown): Partial<Record<K, number>> {
  return typeof value === 'number' && Number.isFinite(value) ? ({ [key]: value } as Record<K, number>) : {};
}

function count<K extends string>(key: K, value: unknown): Partial<Record<K, number>> {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? ({ [key]: value } as Record<K, number>) : {};
}

function text<K extends string>(key: K, value: unknown): Partial<Record<K, string>> {
  return typeof value === 'string' ? ({ [key]: value } as Record<K, string>) : {};
}

function oneOf<K extends string, T extends string>(key: K, value: unknown, allowed: readonly T[]): Partial<Record<K, T>> {
  return allowed.includes(value as T) ? ({ [key]: value } as Record<K, T>) : {};
}
