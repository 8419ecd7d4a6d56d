// Bundle sizes and activation time. Sizes: the production bundles (minified, as `npm run package` builds
// them), built here into a temporary folder with the same entry points, raw and gzipped; the .vsix too when
// one is in the repository. Activation: the smoke test in a real VS Code extension host (the repository's
// dist/, a development build) prints how long activate() ran; this runs it alone and reads that line.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';
import { freshDir, repoRoot } from '../test/harness/paths';
import { removeTempDir } from '../test/vscode-server/tempDirs';

interface Bundle {
  name: string;
  bytes: number;
  gzip: number;
}

const kib = (n: number) => `${(n / 1024).toFixed(0)} KiB`;

async function productionBundles(): Promise<Bundle[]> {
  const root = repoRoot();
  const out = freshDir('bench-bundles');
  try {
    const common = { absWorkingDir: root, bundle: true, minify: true, legalComments: 'none', logLevel: 'warning', outdir: out } as const;
    await Promise.all([
      esbuild.build({
        ...common,
        entryPoints: { extension: 'src/extension.ts' },
        platform: 'node',
        format: 'cjs',
        target: 'node20',
        external: ['vscode', './k8s.js'],
      }),
      esbuild.build({
        ...common,
        entryPoints: { k8s: 'src/client/k8s/backend/index.ts' },
        platform: 'node',
        format: 'cjs',
        target: 'node20',
        external: ['vscode'],
      }),
      esbuild.build({
        ...common,
        entryPoints: { 'session-status': 'src/plugin/sessionStatusPlugin.ts' },
        platform: 'node',
        format: 'esm',
        target: 'node20',
      }),
      esbuild.build({ ...common, entryPoints: { webview: 'webview/main.ts' }, platform: 'browser', format: 'iife', target: 'es2022' }),
    ]);
    return ['extension', 'k8s', 'session-status', 'webview'].map((name) => {
      const data = readFileSync(join(out, `${name}.js`));
      return { name: `${name}.js`, bytes: data.length, gzip: gzipSync(data).length };
    });
  } finally {
    removeTempDir(out);
  }
}

/** activate()'s duration as the smoke test prints it, or why there is none. */
function activationInHost(): { ms?: number; note: string } {
  const root = repoRoot();
  const run = spawnSync(process.execPath, ['--enable-source-maps', join(root, 'out', 'test', 'run', 'vscode.js')], {
    cwd: root,
    env: { ...process.env, OCS_TEST_GREP: '^smoke activates$' },
    encoding: 'utf8',
    timeout: 10 * 60_000,
  });
  const output = `${run.stdout}${run.stderr}`;
  const ms = /activate\(\) ran ([\d.]+) ms/.exec(output)?.[1];
  const host = /VS Code [^\n]*/.exec(output)?.[0] ?? 'VS Code';
  return ms
    ? { ms: Number(ms), note: host.trim() }
    : { note: `not measured: the host run ended with ${run.status ?? run.signal} without the line` };
}

export async function runActivationBench(): Promise<void> {
  console.log('bundles (production build: minified, as packaged)');
  const bundles = await productionBundles();
  for (const b of bundles) console.log(`  ${b.name.padEnd(19)} ${kib(b.bytes).padStart(9)}  gzip ${kib(b.gzip).padStart(8)}`);
  const extension = bundles.find((b) => b.name === 'extension.js')!;
  const k8s = bundles.find((b) => b.name === 'k8s.js')!;
  console.log(
    `  loaded at activation: extension.js only (k8s.js, ×${(k8s.bytes / extension.bytes).toFixed(1)} its size, loads when a cluster is turned on)`,
  );
  const vsix = readdirSync(repoRoot()).filter((f) => f.endsWith('.vsix'));
  for (const f of vsix) console.log(`  ${f}: ${kib(statSync(join(repoRoot(), f)).size)}`);
  if (!vsix.length) console.log('  (no .vsix in the repository: `npm run package` builds one)');
  if (process.env.OCS_BENCH_SKIP_HOST) return console.log('activation: skipped (OCS_BENCH_SKIP_HOST)');
  const activation = activationInHost();
  console.log(
    `activation (extension host, development build of dist/): ${activation.ms !== undefined ? `activate() ${activation.ms.toFixed(1)} ms` : ''} — ${activation.note}`,
  );
}
