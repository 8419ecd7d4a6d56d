import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ExtensionApi } from '../../../src/extension';

/** Every log file of this VS Code window (and the server around it), as one string: for secret scans. */
export function readLogs(api: ExtensionApi): string {
  // logUri = <logs>/<window>/exthost/<extension id>: scan from well above it.
  const root = dirname(dirname(dirname(api.logUri.fsPath)));
  const chunks: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else chunks.push(readFileSync(path, 'utf8'));
    }
  };
  walk(root);
  return chunks.join('\n');
}

/** The lines of this extension's own log ("OpenCode Sessions" output channel, written under its logUri). */
export function extensionLog(api: ExtensionApi): string[] {
  try {
    return readFileSync(join(api.logUri.fsPath, 'OpenCode Sessions.log'), 'utf8').split('\n').filter(Boolean);
  } catch {
    return [];
  }
}
