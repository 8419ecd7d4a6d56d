// Builds the extension, its Kubernetes backend and search engine worker (node, cjs) and the webview (browser) bundles;
// with --tests also the test, benchmark and demo entry points under out/ (with --demo only the demo's, for `npm run demo`).
// Flags: --production (minify, no sourcemaps), --watch.
import * as esbuild from 'esbuild';
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { watchReporter } from './scripts/watchReporter.mjs';
import { legacyUrlParse } from './scripts/legacyUrlParse.mjs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const withTests = process.argv.includes('--tests');
const demoOnly = process.argv.includes('--demo');

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  minify: production,
  sourcemap: production ? false : 'linked',
  sourcesContent: false,
  logLevel: 'warning',
  legalComments: 'none',
};

/**
 * client-node 1.4's HTTP client (node-fetch 2) as the extension host's Node 24 runs it without a deprecation warning:
 * its url.parse() replaced (scripts/legacyUrlParse.mjs), and Node's deprecated `punycode` module (DEP0040, required by
 * its whatwg-url's tr46) by the same code from the registry's `punycode.js`.
 */
const nodeFetchOnNode24 = { plugins: [legacyUrlParse], alias: { punycode: 'punycode.js' } };

const builds = [
  {
    ...common,
    entryPoints: { extension: 'src/extension.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // The Kubernetes backend is its own bundle, required at run time only when a cluster is used.
    external: ['vscode', './k8s.js'],
  },
  {
    // @kubernetes/client-node (~1 MB) lives here, so activation without a cluster loads none of it.
    ...common,
    entryPoints: { k8s: 'src/client/k8s/backend/index.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    ...nodeFetchOnNode24,
  },
  {
    // The search engine (indexing, its texts and its file), started by the extension in a worker thread.
    ...common,
    entryPoints: { 'search-engine': 'src/features/search/node/engine/engineWorker.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
  },
  {
    // The OpenCode plugin: one self-contained ES module OpenCode loads by file URL (it imports nothing at run time).
    ...common,
    entryPoints: { 'opencode-plugin/session-status': 'src/plugin/sessionStatusPlugin.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'esm',
    target: 'node20',
  },
  {
    ...common,
    entryPoints: { webview: 'webview/main.ts' },
    outdir: 'dist',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  },
];

/** Loaded at run time from node_modules (or provided by VS Code) rather than bundled into out/. */
const testExternals = ['vscode', 'mocha', 'playwright-core', 'esbuild', '@vscode/test-electron', '@vscode/l10n-dev', 'typescript'];

if (demoOnly && !withTests) {
  builds.push({
    ...common,
    minify: false,
    sourcemap: 'linked',
    entryPoints: ['scripts/demo.ts'],
    outbase: '.',
    outdir: 'out',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: testExternals,
    // The tests run the cluster backend as the extension does.
    ...nodeFetchOnNode24,
  });
}

if (withTests) {
  const entries = [
    ...walk('test/unit').filter((f) => f.endsWith('.test.ts')),
    ...walk('test/cluster').filter((f) => f.endsWith('.test.ts')),
    ...walk('test/vscode').filter((f) => f.endsWith('.test.ts') || f.endsWith('index.ts')),
    ...walk('test/ui').filter((f) => f.endsWith('.test.ts')),
    // The scale suite's tests and the worker each of its shapes runs in.
    ...walk('test/scale').filter((f) => f.endsWith('.test.ts') || f.endsWith('Worker.ts')),
    ...walk('test/run').filter((f) => f.endsWith('.ts')),
    // Run by the toolchain's Node 24 against an extension host that stopped answering (hostTests.ts).
    'test/vscode-server/hostProfiler.ts',
    // Started by the tests as its own process, inside the real API server's network namespace.
    'test/k8s/real/inNamespace.ts',
    ...walk('scripts').filter((f) => f.endsWith('.ts')),
    ...walk('bench').filter((f) => f.endsWith('.ts')),
  ];
  // The search engine's worker, for the unit tests and benchmarks that start it (out/search-engine.js).
  builds.push({
    ...common,
    minify: false,
    sourcemap: 'linked',
    entryPoints: { 'search-engine': 'src/features/search/node/engine/engineWorker.ts' },
    outdir: 'out',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
  });
  builds.push({
    ...common,
    minify: false,
    sourcemap: 'linked',
    entryPoints: entries,
    outbase: '.',
    outdir: 'out',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: testExternals,
    // The tests run the cluster backend as the extension does.
    ...nodeFetchOnNode24,
  });
}

function walk(dir) {
  let found = [];
  let names;
  try {
    names = readdirSync(dir);
  } catch {
    return found;
  }
  for (const name of names) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found = found.concat(walk(path));
    else if (path.endsWith('.ts') && !path.endsWith('.d.ts')) found.push(path);
  }
  return found;
}

if (watch) {
  // The reporter prints errors in the form .vscode/tasks.json reads; esbuild's own report would repeat them.
  const reporter = watchReporter();
  const contexts = await Promise.all(
    builds.map((b) => esbuild.context({ ...b, logLevel: 'silent', plugins: [...(b.plugins ?? []), reporter] })),
  );
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('esbuild: watching for changes');
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
  if (withTests) removeStaleTests();
}

/** A test file moved or deleted in test/ would still run from its old place in out/ (the runners find every
 * *.test.js under theirs): remove each built test whose source is gone. */
function removeStaleTests() {
  for (const built of walkBuilt('out/test')) {
    const source = built.slice('out/'.length).replace(/\.test\.js$/, '.test.ts');
    if (!statOrUndefined(source)) for (const end of ['', '.map']) rmSync(built + end, { force: true });
  }
}

function walkBuilt(dir) {
  let names;
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return walkBuilt(path);
    return path.endsWith('.test.js') ? [path] : [];
  });
}

function statOrUndefined(path) {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}
