// Starts and stops test/harness/endpointWindow.ts as a child process: another window's endpoint.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './paths';

/** The hour budget (USD) the second window answers with: an answer that came from it. */
export const MARK_LIMIT = 7;

export interface EndpointWindow {
  /** Its discovery entry. */
  file: string;
  /** Like closing the window: its entry is removed, then the process ends. */
  close(): Promise<void>;
}

export async function startEndpointWindow(dir: string, folders: string[]): Promise<EndpointWindow> {
  const child: ChildProcess = spawn(process.execPath, [join(repoRoot(), 'out/test/harness/endpointWindow.js'), dir, ...folders], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const file = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const ready = /^ready (.+)$/m.exec(out)?.[1];
      if (ready) resolve(ready);
      else if (out.includes('failed')) reject(new Error('the second window did not start its endpoint'));
    });
    child.once('exit', (code) => reject(new Error(`the second window exited (${code}) before its endpoint was ready`)));
  });
  return {
    file,
    async close() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
