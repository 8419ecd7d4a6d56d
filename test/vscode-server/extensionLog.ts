// The extension's output channel ("OpenCode Sessions", a log channel) as the VS Code server writes it to disk: how a
// UI test knows the extension reached a state the workbench does not draw (connected, a decision not to notify).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const LOG_FILE = 'OpenCode Sessions.log';

/** Every line the extension logged so far in the server's work folder (empty before its channel is written). */
export function extensionLog(workDir: string): string[] {
  const lines: string[] = [];
  const walk = (dir: string): void => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return; // a folder VS Code removed as we read (a temporary one): nothing of ours is in it
    }
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name === LOG_FILE) lines.push(...readFileSync(path, 'utf8').split('\n').filter(Boolean));
    }
  };
  if (existsSync(workDir)) walk(workDir);
  return lines;
}

/** Each extension host's lines (a window each), in the order the hosts started (their log folders' names sort so). */
export function hostLogs(workDir: string): string[][] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name === LOG_FILE) files.push(path);
    }
  };
  if (existsSync(workDir)) walk(workDir);
  return files.sort().map((file) => readFileSync(file, 'utf8').split('\n').filter(Boolean));
}
