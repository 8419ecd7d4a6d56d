// The Go key OpenCode itself keeps on this machine, when it can be read: OpenCode stores provider credentials in
// `auth.json` under its data folder (`$XDG_DATA_HOME/opencode`, else `~/.local/share/opencode`), keyed by provider
// id, an API key as `{"type": "api", "key": …}` (anomalyco/opencode, packages/opencode/src/auth/index.ts at
// commit 0144926721d3ec5c2d9141159fe8278441b7aacd; `Global.Path.data` is xdg-basedir's data folder + "opencode").
// Go's provider id is `opencode-go`.
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { GO_PROVIDER } from '../../app/goPlan/goReplies';

export function openCodeAuthPath(env: NodeJS.ProcessEnv = process.env): string {
  const data = env.XDG_DATA_HOME?.trim() || path.join(os.homedir(), '.local', 'share');
  return path.join(data, 'opencode', 'auth.json');
}

/** The `opencode-go` API key from OpenCode's auth.json, or undefined when there is none or it cannot be read. */
export async function openCodeGoKey(file = openCodeAuthPath()): Promise<string | undefined> {
  try {
    const all = JSON.parse(await fs.readFile(file, 'utf8')) as Record<string, { type?: unknown; key?: unknown } | undefined>;
    const entry = all[GO_PROVIDER];
    return entry?.type === 'api' && typeof entry.key === 'string' && entry.key.trim() ? entry.key.trim() : undefined;
  } catch {
    return undefined;
  }
}
