// What a turn's own tool calls name, read from the server's messages field by field (both generations):
// file tools' paths (`write`, `edit`, `multiedit`, `patch`, `apply_patch`), shell commands (`bash` on 1.x,
// `shell` on 2.x, and a user's own `!command`), and whether it handed work to sub-agents (`task`, `subagent`).
import { isObject } from '../../base/parse';
import type { TurnTools } from '../../store/turns';

const FILE_TOOLS = new Set(['write', 'edit', 'multiedit', 'patch', 'apply_patch']);
const SHELL_TOOLS = new Set(['bash', 'shell']);
const DELEGATING_TOOLS = new Set(['task', 'subagent']);
/** Fields that name a file, in a tool's input or in its metadata's file entries. */
const PATH_FIELDS = ['filePath', 'file_path', 'path', 'file', 'filepath', 'relativePath', 'movePath'];

export function noTools(): TurnTools {
  return { files: [], commands: [], delegated: false };
}

/** Adds one tool call (`name`, its `state` with `input` and `metadata`) to what the turn's tools name. */
export function addToolCall(tools: TurnTools, name: unknown, state: unknown): void {
  if (typeof name !== 'string' || !isObject(state)) return;
  const input = isObject(state.input) ? state.input : {};
  const metadata = isObject(state.metadata) ? state.metadata : {};
  if (DELEGATING_TOOLS.has(name)) tools.delegated = true;
  else if (SHELL_TOOLS.has(name)) addCommand(tools, input.command);
  else if (FILE_TOOLS.has(name)) {
    addPaths(tools, input);
    for (const field of ['patchText', 'patch', 'input']) if (typeof input[field] === 'string') addPatchPaths(tools, input[field]);
    addPaths(tools, metadata);
    if (isObject(metadata.filediff)) addPaths(tools, metadata.filediff);
    if (Array.isArray(metadata.files)) for (const f of metadata.files) if (isObject(f)) addPaths(tools, f);
  }
}

export function addCommand(tools: TurnTools, command: unknown): void {
  if (typeof command === 'string' && command.trim()) tools.commands.push(command);
}

/** The paths a turn's list holds, to add each once without searching the list (a turn may name thousands). */
const seenPaths = new WeakMap<TurnTools, Set<string>>();

function addPaths(tools: TurnTools, fields: Record<string, unknown>): void {
  let seen = seenPaths.get(tools);
  if (!seen) seenPaths.set(tools, (seen = new Set(tools.files)));
  for (const field of PATH_FIELDS) {
    const value = fields[field];
    if (typeof value === 'string' && value.trim() && !seen.has(value)) {
      seen.add(value);
      tools.files.push(value);
    }
  }
}

/** `*** Add File: a.txt`, `*** Update File: …`, `*** Delete File: …`, `*** Move to: …` (OpenCode's patch format). */
function addPatchPaths(tools: TurnTools, patch: string): void {
  for (const m of patch.matchAll(/^\*\*\* (?:(?:Add|Update|Delete) File|Move to): (.+)$/gm)) addPaths(tools, { path: m[1].trim() });
}
