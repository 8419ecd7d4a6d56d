// How a permission request or a question reads: one plain line saying what is asked ("Run: npm test",
// "Edit: src/a.ts", the question itself). All of it comes from the server (and from the model), so it is
// flattened to one line and stripped of what could disguise it; each view still escapes it for where it goes.
import { visibleText } from './plainText';
import type { FormField, FormRequest } from '../store/formRequest';
import type { PendingRequest, PermissionRequest } from '../store/pendingRequest';

const MAX = 200;

/** What the tool wants to touch, from its metadata (command, file, URL…) or else its patterns. */
export function permissionTarget(request: PermissionRequest): string {
  const m = request.metadata;
  for (const key of ['command', 'filepath', 'filePath', 'path', 'url', 'pattern', 'query', 'description']) {
    const value = m[key];
    if (typeof value === 'string' && value.trim()) return oneLine(value);
  }
  return oneLine(shownList(request.patterns, ', '));
}

// OpenCode 2 renamed two actions (packages/core/src/v1/config/migrate.ts, v2 branch b6226260): bash is
// `shell`, task is `subagent`.
const VERBS: Record<string, string> = {
  bash: 'Run',
  shell: 'Run',
  subagent: 'Start a sub-agent',
  edit: 'Edit',
  write: 'Write',
  read: 'Read',
  webfetch: 'Fetch',
  websearch: 'Search the web',
  external_directory: 'Use a folder outside the project',
  doom_loop: 'Repeat the same call again',
  task: 'Start a sub-agent',
};

/** One line: "Run: npm test", "Edit: src/a.ts", "Allow glob: **\/*.ts", or the (first) question. */
export function requestSummary(request: PendingRequest): string {
  if (request.kind === 'form') {
    const first = fieldText(request.fields[0]) || oneLine(request.title);
    const more = request.fields.length > 1 ? ` (+${request.fields.length - 1} more)` : '';
    return `${first}${more}`;
  }
  if (request.kind === 'question') {
    const first = request.questions[0];
    const more = request.questions.length > 1 ? ` (+${request.questions.length - 1} more)` : '';
    return `${oneLine(first.question)}${more}`;
  }
  const verb = VERBS[request.permission] ?? `Allow ${oneLine(request.permission)}`;
  const target = permissionTarget(request);
  return target ? `${verb}: ${target}` : verb;
}

/** "bash permission", "question". */
export function requestKind(request: PendingRequest): string {
  return request.kind === 'permission' ? `${oneLine(request.permission)} permission` : 'question';
}

/** What a form's field asks: its description (the question tool's question), else its title or key. */
export function fieldText(field: FormField): string {
  return oneLine(field.description || field.title || field.key);
}

/**
 * Flattened to one line, without control, bidi-override or zero-width characters, and cut to a readable length. Only
 * as much of the text is cleaned as the line shows (a model's text can be megabytes, and rows redraw every second).
 */
export function oneLine(text: string): string {
  for (let take = MAX * 4; ; take *= 4) {
    const flat = flatten(text.length > take ? text.slice(0, take) : text);
    if (flat.length > MAX) return `${flat.slice(0, MAX - 1)}…`;
    if (take >= text.length) return flat;
  }
}

function flatten(text: string): string {
  return (
    visibleText(text)
      // Control characters are exactly what this strips.
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
  );
}

/** `items` joined by `separator` as far as one line shows them (a request may list any number of patterns or options). */
function shownList(items: readonly string[], separator: string): string {
  let joined = '';
  for (const [i, item] of items.entries()) {
    if (joined.length > MAX * 4) return `${joined}${separator}…`;
    joined += (i ? separator : '') + item;
  }
  return joined;
}

/** Label → value rows for a tooltip: everything the request says, as raw text the view escapes. */
export function requestDetails(request: PendingRequest): Array<{ label: string; value: string }> {
  if (request.kind === 'form') return formDetails(request);
  if (request.kind === 'question') {
    return request.questions.flatMap((q, i) => [
      { label: request.questions.length > 1 ? `Question ${i + 1}` : 'Question', value: oneLine(q.question) },
      ...(q.options.length ? [{ label: q.multiple ? 'Options (pick any)' : 'Options', value: optionList(q.options) }] : []),
      ...(q.custom ? [{ label: 'Own answer', value: 'allowed' }] : []),
    ]);
  }
  const rows = [
    { label: 'Permission', value: oneLine(request.permission) },
    { label: 'Wants', value: permissionTarget(request) },
    { label: 'Patterns', value: oneLine(shownList(request.patterns, ', ')) },
    { label: 'Allow Always would allow', value: oneLine(shownList(request.always, ', ')) },
  ];
  return rows.filter((r) => r.value);
}

const FIELD_KINDS: Record<FormField['type'], string> = {
  string: 'Answer',
  multiselect: 'Options (pick any)',
  number: 'A number',
  integer: 'A whole number',
  boolean: 'Yes or no',
  external: 'Link to open',
};

function formDetails(request: FormRequest): Array<{ label: string; value: string }> {
  const many = request.fields.length > 1;
  return request.fields.flatMap((field, i) => {
    const options = 'options' in field && field.options?.length ? optionList(field.options) : '';
    const kind = field.type === 'string' && options ? 'Options' : FIELD_KINDS[field.type];
    const value = field.type === 'external' ? oneLine(field.url) : options || (field.required ? 'required' : 'optional');
    return [
      { label: many ? `Question ${i + 1}` : 'Question', value: fieldText(field) },
      { label: kind, value },
      ...('custom' in field && field.custom && options ? [{ label: 'Own answer', value: 'allowed' }] : []),
    ];
  });
}

/** Options' labels, each on one line, as many as a tooltip row shows. */
function optionList(options: ReadonlyArray<{ label: string }>): string {
  const shown: string[] = [];
  let length = 0;
  for (const option of options) {
    if (length > MAX * 4) {
      shown.push(`… ${options.length - shown.length} more`);
      break;
    }
    const label = oneLine(option.label);
    shown.push(label);
    length += label.length + 3;
  }
  return shown.join(' | ');
}
