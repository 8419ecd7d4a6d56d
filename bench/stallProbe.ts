// Diagnostic (not a benchmark): where the content-search build's longest main-thread stalls go. Fills the same
// server, runs the floor and one build, records every event-loop gap over 20 ms with the main thread's time on a
// core and waiting for one (Linux schedstat), and what the CPU profile sampled on the main thread within it.
// `node --enable-source-maps out/bench/stallProbe.js` (OCS_BENCH_SEARCH_SESSIONS / _PARTS set the size).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ServerIndexer } from '../src/features/search/node/serverIndexer';
import { engineScript } from '../test/harness/paths';
import { filledServer } from './searchCorpus';
import { online, readRaw } from './serverReads';

interface Gap {
  startUs: number;
  endUs: number;
  runMs: number;
  waitMs: number;
}

const nowUs = () => Number(process.hrtime.bigint() / 1000n);
const sched = () => {
  const [run, wait] = readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ').map(Number);
  return { run, wait };
};

function recorder(): { stop: () => Gap[] } {
  const gaps: Gap[] = [];
  let last = nowUs();
  let s = sched();
  const timer = setInterval(() => {
    const t = nowUs();
    const n = sched();
    if (t - last > 20_000) gaps.push({ startUs: last, endUs: t, runMs: (n.run - s.run) / 1e6, waitMs: (n.wait - s.wait) / 1e6 });
    last = t;
    s = n;
  }, 1);
  return {
    stop: () => {
      clearInterval(timer);
      return gaps.sort((a, b) => b.endUs - b.startUs - (a.endUs - a.startUs));
    },
  };
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

function explain(profile: Profile, gap: Gap): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const counts = new Map<string, number>();
  let t = profile.startTime;
  let total = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i];
    if (t < gap.startUs || t > gap.endUs) continue;
    total++;
    const frames: string[] = [];
    for (let id: number | undefined = profile.samples[i]; id !== undefined && frames.length < 6; id = parent.get(id)) {
      const f = byId.get(id)!.callFrame;
      if (f.functionName === '(root)') break;
      frames.push(`${f.functionName || '(anon)'}@${f.url.split('/').slice(-2).join('/')}:${f.lineNumber + 1}`);
    }
    const key = frames.join(' < ');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const top = [...counts].sort((a, b) => b[1] - a[1]).slice(0, 6);
  return `    ${total} samples\n` + top.map(([k, c]) => `      ${c}× ${k}`).join('\n');
}

async function main(): Promise<void> {
  const sessions = Number(process.env.OCS_BENCH_SEARCH_SESSIONS) || 2_000;
  const parts = Number(process.env.OCS_BENCH_SEARCH_PARTS) || 200_000;
  const h = await filledServer(sessions, parts);
  const folder = mkdtempSync(join(tmpdir(), 'ocs-stall-'));
  const inspector = new Session();
  inspector.connect();
  try {
    const connection = await online(h.server.url);
    const targets = [...connection.sessions.all()].map((r) => ({ id: r.info.id, directory: r.info.directory }));
    await inspector.post('Profiler.enable');
    await inspector.post('Profiler.setSamplingInterval', { interval: 500 });
    for (const phase of ['floor', 'build'] as const) {
      await inspector.post('Profiler.start');
      const rec = recorder();
      const t = performance.now();
      if (phase === 'floor') {
        let next = 0;
        await Promise.all(
          [0, 1].map(async () => {
            while (next < targets.length) await readRaw(h.server.url, targets[next++]);
          }),
        );
      } else {
        const indexer = new ServerIndexer(connection, {
          folder,
          engineScript: engineScript(),
          maxBytes: () => Number.MAX_SAFE_INTEGER,
          pace: 0,
        });
        await indexer.ready();
        await indexer.sync();
        while (indexer.progress().running) await new Promise((r) => setTimeout(r, 5));
        await indexer.save();
        await indexer.dispose();
      }
      const gaps = rec.stop();
      const { profile } = (await inspector.post('Profiler.stop')) as { profile: Profile };
      writeFileSync(join(tmpdir(), `ocs-stall-${phase}.cpuprofile`), JSON.stringify(profile));
      console.log(`${phase}: ${((performance.now() - t) / 1000).toFixed(1)} s, ${gaps.length} gaps over 20 ms`);
      for (const gap of gaps.slice(0, 6)) {
        console.log(
          `  gap ${((gap.endUs - gap.startUs) / 1000).toFixed(1)} ms: main thread on a core ${gap.runMs.toFixed(1)} ms, waiting for one ${gap.waitMs.toFixed(1)} ms`,
        );
        console.log(explain(profile, gap));
      }
    }
    connection.dispose();
  } finally {
    inspector.disconnect();
    rmSync(folder, { recursive: true, force: true });
    await h.dispose();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
