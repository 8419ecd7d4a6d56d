import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The session_status plugin this extension ships, as the file URL OpenCode's `plugin` list takes. */
export function sessionStatusPluginUrl(extensionPath: string): string {
  return pathToFileURL(join(extensionPath, 'dist', 'opencode-plugin', 'session-status.js')).href;
}
