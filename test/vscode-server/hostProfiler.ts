// Run by the toolchain's Node 24 (it has WebSocket): opens the inspector of a stuck extension host (SIGUSR1),
// samples its main thread for a few seconds, writes the .cpuprofile, and prints the functions that held it and
// the stacks of the three hottest, so a host that stopped answering says what it was doing.
// Usage: node24 hostProfiler.js PID SECONDS OUT.cpuprofile
import { writeFileSync } from 'node:fs';
import { frameOf as frame, hostVerdict, type CpuProfile as Profile } from './hostBusy';

async function inspectorUrl(): Promise<string> {
  for (let attempt = 0; attempt < 20; attempt++) {
    for (const port of [9229, 9230, 9231, 9232]) {
      try {
        const targets = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as Array<{ webSocketDebuggerUrl: string }>;
        if (targets[0]) return targets[0].webSocketDebuggerUrl;
      } catch {
        // Not this port (yet).
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error('the extension host opened no inspector');
}

async function main(): Promise<void> {
  const [pid, seconds, out] = [Number(process.argv[2]), Number(process.argv[3] ?? 10), process.argv[4]];
  process.kill(pid, 'SIGUSR1');
  const socket = new WebSocket(await inspectorUrl());
  await new Promise((resolve, reject) => {
    socket.addEventListener('open', resolve);
    socket.addEventListener('error', reject);
  });
  let next = 0;
  const waiting = new Map<number, (result: unknown) => void>();
  socket.addEventListener('message', (event) => {
    const message = JSON.parse(String(event.data)) as { id?: number; result?: unknown };
    if (message.id !== undefined) waiting.get(message.id)?.(message.result);
  });
  const send = (method: string, params: object = {}) =>
    new Promise<unknown>((resolve) => {
      waiting.set(++next, resolve);
      socket.send(JSON.stringify({ id: next, method, params }));
    });
  await send('Profiler.enable');
  await send('Profiler.setSamplingInterval', { interval: 1000 });
  await send('Profiler.start');
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  const { profile } = (await send('Profiler.stop')) as { profile: Profile };
  socket.close();
  writeFileSync(out, JSON.stringify(profile));

  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id);
  const hits = new Map<number, number>();
  for (const id of profile.samples) hits.set(id, (hits.get(id) ?? 0) + 1);
  const self = new Map<string, number>();
  for (const [id, count] of hits) {
    const key = frame(byId.get(id)!);
    self.set(key, (self.get(key) ?? 0) + count);
  }
  const total = profile.samples.length || 1;
  const { idle } = hostVerdict(profile);
  console.log(
    `the extension host's main thread over ${seconds} s (${profile.samples.length} samples, ${(100 * idle).toFixed(0)} % idle), by own time:`,
  );
  for (const [key, count] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 15))
    console.log(`  ${((100 * count) / total).toFixed(0).padStart(3)} %  ${key}`);
  for (const [id] of [...hits].sort((a, b) => b[1] - a[1]).slice(0, 3)) {
    const stack: string[] = [];
    for (let at: number | undefined = id; at !== undefined && stack.length < 25; at = parent.get(at)) stack.push(frame(byId.get(at)!));
    console.log(`  stack of a hot frame:\n    ${stack.join('\n    ')}`);
  }
}

main().catch((error: unknown) => {
  console.error(`could not profile the extension host: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
