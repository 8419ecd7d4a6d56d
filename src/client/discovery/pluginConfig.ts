// Where an OpenCode config lists this extension's session_status plugin. Pure, for the install command.
// V1 (OpenCode 1.x) reads `plugin: [spec | [spec, options]]`; V2 (2.x) reads `plugins: [spec | {package, options}]`
// (opencode.ai/v2/docs/build/plugins/migrate-v1; 1.18.33 lowers a V1 `plugin` into V2 `plugins` the same way and
// ignores a V2 `plugins` key with a "cannot be represented in V1" diagnostic, read from its binary).
// An older copy of our plugin (another extension version, another install path) is replaced in the key written
// and taken out of the other one: 2.x also reads a V1 `plugin` list (the V2 docs: it normalizes V1 config), so
// a copy left there would load twice, or fail as a V1-only file.

import type { ApiGeneration } from '../serverApi';

const OURS = /opencode-sessions.*\/opencode-plugin\/session-status\.js$/;

/** The config key a server of that generation reads plugins from. */
export function pluginKey(generation: ApiGeneration): 'plugin' | 'plugins' {
  return generation === 'v2' ? 'plugins' : 'plugin';
}

/** The list to write under pluginKey(generation): the user's entries, ours once, at the end when new. */
export function pluginList(config: Record<string, unknown>, pluginUrl: string, generation: ApiGeneration): unknown[] {
  const current = config[pluginKey(generation)];
  const others = (Array.isArray(current) ? (current as unknown[]) : []).filter((entry) => {
    return specOf(entry) === pluginUrl || !isOurs(entry);
  });
  return others.some((entry) => specOf(entry) === pluginUrl) ? others : [...others, pluginUrl];
}

/** The config with our plugin listed where that generation reads it; everything else kept. */
export function withStatusPlugin(config: Record<string, unknown>, pluginUrl: string, generation: ApiGeneration): Record<string, unknown> {
  const result: Record<string, unknown> = { ...config, [pluginKey(generation)]: pluginList(config, pluginUrl, generation) };
  const other = pluginKey(generation === 'v2' ? 'v1' : 'v2');
  if (Array.isArray(config[other])) {
    const kept = (config[other] as unknown[]).filter((entry) => !isOurs(entry));
    if (kept.length) result[other] = kept;
    else delete result[other];
  }
  return result;
}

function isOurs(entry: unknown): boolean {
  const spec = specOf(entry);
  return spec !== undefined && OURS.test(spec);
}

/** A plugin entry's package or file: a string, a V1 `[spec, options]` tuple, or a V2 `{package, options}`. */
function specOf(entry: unknown): string | undefined {
  if (typeof entry === 'string') return entry;
  if (Array.isArray(entry) && typeof entry[0] === 'string') return entry[0];
  const pkg = (entry as { package?: unknown } | null)?.package;
  return typeof pkg === 'string' ? pkg : undefined;
}
