// Answers an OpenCode 2 form (its `question` tool, MCP elicitation) field by field: a quick pick for options
// (several at once for a multiselect), an input box for typed text and numbers, Yes/No for a boolean, and a
// link to open for an external field. A field shown only under conditions is asked only when they hold; an
// optional field can be skipped. Escape anywhere sends nothing: the form still waits.
import * as vscode from 'vscode';
import { iconSafe } from '../../present/plainText';
import { fieldText, oneLine } from '../../present/requestText';
import {
  fieldNote,
  fieldProblem,
  isFieldActive,
  type FormAnswer,
  type FormField,
  type FormRequest,
  type FormValue,
} from '../../store/formRequest';
import { optionChoices, type OptionChoices } from './formChoices';
import type { FormInputs, FormPickItem } from './formInputs';

const SKIP = Symbol('skip');
type Asked = FormValue | typeof SKIP | undefined;

/** The answer to send, or undefined when the user cancelled. */
export async function askForm(request: FormRequest, inputs: FormInputs): Promise<FormAnswer | undefined> {
  const answer: FormAnswer = {};
  const count = request.fields.length;
  for (const [i, field] of request.fields.entries()) {
    if (!isFieldActive(field, answer)) continue;
    const heading = oneLine(field.title || request.title) || vscode.l10n.t('OpenCode asks');
    const title = iconSafe(`${count > 1 ? `(${i + 1}/${count}) ` : ''}${heading}`);
    const value = await askField(field, title, inputs);
    if (value === undefined) return undefined;
    if (value !== SKIP) answer[field.key] = value;
  }
  return answer;
}

function askField(field: FormField, title: string, inputs: FormInputs): Promise<Asked> {
  const placeholder = iconSafe(fieldText(field));
  switch (field.type) {
    case 'string':
      return field.options?.length ? chooseOne(field, title, inputs) : typeText(field, title, inputs);
    case 'multiselect':
      return chooseMany(field, title, inputs, placeholder);
    case 'number':
    case 'integer':
      return typeNumber(field, title, inputs);
    case 'boolean': {
      const yes: FormPickItem = { label: vscode.l10n.t('Yes'), value: true };
      const no: FormPickItem = { label: vscode.l10n.t('No'), value: false };
      const items = [yes, no, ...skipItem(field)];
      const picked = field.default === undefined ? [] : [field.default ? yes : no];
      return picked1(inputs.pick(items, { title, placeholder, picked }));
    }
    case 'external':
      return openLink(field, title, inputs, placeholder);
  }
}

async function chooseOne(field: Extract<FormField, { type: 'string' }>, title: string, inputs: FormInputs): Promise<Asked> {
  const options = optionChoices(field.options ?? []);
  const items = [...options.items, ...customItem(field.custom), ...skipItem(field)];
  const picked = items.filter((item) => item.value === field.default);
  const placeholder = iconSafe(`${fieldText(field)}${leftOut(options)}`);
  const [choice] = (await inputs.pick(items, { title, placeholder, picked })) ?? [];
  if (!choice) return undefined;
  if (choice.action === 'skip') return SKIP;
  if (choice.action === 'custom') return typeText(field, title, inputs, true);
  return choice.value;
}

async function chooseMany(
  field: Extract<FormField, { type: 'multiselect' }>,
  title: string,
  inputs: FormInputs,
  placeholder: string,
): Promise<Asked> {
  const options = optionChoices(field.options, field.default);
  const items = [...options.items, ...customItem(field.custom)];
  let picked = options.picked;
  let hint = iconSafe(`${placeholder}${leftOut(options)}`);
  for (;;) {
    const chosen = await inputs.pick(items, { title, placeholder: hint, many: true, picked });
    if (!chosen) return undefined;
    const values = chosen.flatMap((item) => (typeof item.value === 'string' ? [item.value] : []));
    if (chosen.some((item) => item.action === 'custom')) {
      const typed = await inputs.text({
        title,
        prompt: fieldText(field),
        validate: (t) => (t.trim() ? undefined : vscode.l10n.t('Type an answer.')),
      });
      if (typed === undefined) return undefined;
      values.push(typed.trim());
    }
    if (!values.length && !field.required) return SKIP;
    const problem = fieldProblem(field, values);
    if (!problem) return values;
    // Asked again, with what was wrong in the placeholder and the choices kept.
    hint = iconSafe(`${problem} ${fieldText(field)}`);
    picked = chosen;
  }
}

async function typeText(field: Extract<FormField, { type: 'string' }>, title: string, inputs: FormInputs, custom = false): Promise<Asked> {
  const optional = !field.required && !custom;
  const typed = await inputs.text({
    title,
    prompt: fieldText(field),
    placeholder: field.placeholder ?? (optional ? vscode.l10n.t('Optional: leave empty to skip') : undefined),
    value: custom ? '' : field.default,
    validate: (text) => {
      if (!text && optional) return undefined;
      if (!text) return vscode.l10n.t('An answer is required.');
      // A typed answer besides the options is allowed exactly when `custom` is.
      const checked = custom ? { ...field, options: undefined } : field;
      const problem = fieldProblem(checked, text);
      if (problem !== undefined) return problem;
      const note = fieldNote(checked, text);
      return note === undefined ? undefined : { note };
    },
  });
  if (typed === undefined) return undefined;
  return !typed && optional ? SKIP : typed;
}

async function typeNumber(field: Extract<FormField, { type: 'number' | 'integer' }>, title: string, inputs: FormInputs): Promise<Asked> {
  const read = (text: string) => (text.trim() ? Number(text.trim()) : undefined);
  const typed = await inputs.text({
    title,
    prompt: fieldText(field),
    placeholder: field.required ? undefined : vscode.l10n.t('Optional: leave empty to skip'),
    value: field.default === undefined ? '' : String(field.default),
    validate: (text) => {
      const n = read(text);
      if (n === undefined) return field.required ? vscode.l10n.t('An answer is required.') : undefined;
      return fieldProblem(field, n);
    },
  });
  if (typed === undefined) return undefined;
  return read(typed) ?? SKIP;
}

async function openLink(
  field: Extract<FormField, { type: 'external' }>,
  title: string,
  inputs: FormInputs,
  placeholder: string,
): Promise<Asked> {
  const uri = safeLink(field.url);
  const items: FormPickItem[] = [
    ...(uri
      ? [
          {
            label: `$(link-external) ${vscode.l10n.t('Open the link')}`,
            description: iconSafe(oneLine(field.url)),
            action: 'open' as const,
          },
        ]
      : []),
    { label: `$(check) ${vscode.l10n.t('Done: continue')}`, description: uri ? '' : iconSafe(oneLine(field.url)), value: true },
  ];
  const [choice] = (await inputs.pick(items, { title, placeholder })) ?? [];
  if (!choice) return undefined;
  if (choice.action === 'open' && uri) await vscode.env.openExternal(uri);
  return true;
}

/** Only web links are opened; anything else (command:, file:) is shown as text to copy. */
function safeLink(url: string): vscode.Uri | undefined {
  try {
    const uri = vscode.Uri.parse(url, true);
    return uri.scheme === 'https' || uri.scheme === 'http' ? uri : undefined;
  } catch {
    return undefined;
  }
}

/** " (the first 1,000 of 5,000 options)" when the pick could not show them all; nothing when it shows every one. */
function leftOut(options: OptionChoices): string {
  if (!options.left) return '';
  const total = options.items.length + options.left;
  return ` ${vscode.l10n.t('(the first {0} of {1} options)', options.items.length, total)}`;
}

function customItem(custom: boolean): FormPickItem[] {
  return custom ? [{ label: `$(edit) ${vscode.l10n.t('Type your own answer…')}`, action: 'custom', alwaysShow: true }] : [];
}

function skipItem(field: FormField): FormPickItem[] {
  return field.required ? [] : [{ label: `$(debug-step-over) ${vscode.l10n.t('Skip (optional)')}`, action: 'skip', alwaysShow: true }];
}

async function picked1(choice: Promise<FormPickItem[] | undefined>): Promise<Asked> {
  const [item] = (await choice) ?? [];
  if (!item) return undefined;
  return item.action === 'skip' ? SKIP : item.value;
}
