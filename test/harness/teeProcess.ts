// Runs a test stage's command with its output kept, for the runners that count its results, and shown as it comes
// unless `live` is false (a stage run beside another: its caller prints the output whole once it ends).
import { spawn } from 'node:child_process';

export function runTeed(
  command: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv },
  live = true,
): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command[0], command.slice(1), { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const tee = (target: NodeJS.WriteStream) => (chunk: string) => {
      output += chunk;
      if (live) target.write(chunk);
    };
    // Decoded as a stream: a character split across two chunks stays whole in the kept output.
    child.stdout.setEncoding('utf8').on('data', tee(process.stdout));
    child.stderr.setEncoding('utf8').on('data', tee(process.stderr));
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), output }));
  });
}
