// The architecture as a test (ARCHITECTURE.md draws it): features → app → core → base, no feature imports another,
// nothing in the core or the base imports vscode, only the client imports OpenCode's SDK, and no module imports itself in a
// circle. Reads the sources (TypeScript files under src/ and webview/) and their imports (scripts/importGraph.ts).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { circles, featureOf, longestChain, PAGE_PROTOCOL, readModules } from '../../../scripts/importGraph';
import { repoRoot } from '../../harness/paths';

/** The floor under everything: the event, lifecycle and timer primitives (as VS Code's `base/common`). */
const BASE = 'src/base';
const CORE = ['src/store', 'src/present', 'src/client'];

/** Which folders (or files) each part may import from, its own included; `vscode` only where marked. */
const RULES: Array<{ part: string; may: string[]; vscode: boolean }> = [
  { part: BASE, may: [BASE], vscode: false },
  { part: 'src/store', may: ['src/store', BASE], vscode: false },
  { part: 'src/present', may: ['src/store', 'src/present', BASE], vscode: false },
  { part: 'src/client', may: ['src/store', 'src/client', BASE], vscode: false },
  // The usage panel's page speaks the protocol its host keeps beside itself (src/features/usage/protocol.ts).
  { part: 'webview', may: ['webview', 'src/present', 'src/store', PAGE_PROTOCOL, BASE], vscode: false },
  // The OpenCode plugin runs inside OpenCode: no VS Code, only the pure layers it shares with the extension.
  { part: 'src/plugin', may: ['src/plugin', 'src/store', 'src/client', BASE], vscode: false },
  { part: 'src/app', may: ['src/app', ...CORE, BASE], vscode: true },
  // A feature's own folder is added per file below.
  { part: 'src/features', may: ['src/app', ...CORE, BASE], vscode: true },
  { part: 'src/api', may: ['src/api', 'src/app', ...CORE, BASE], vscode: true },
];

/** Files in the longest import chain inside one generation's folder (src/client/v1, src/client/v2): parsers on the
 * ground floor, the event reader on them, the HTTP client, the modules that fetch, the adapter on top. */
const MAX_FLOORS = 5;

/** OpenCode's SDK: only the client speaks to servers, so only src/client imports it. */
const SDK = /^@opencode-ai\/sdk(\/|$)/;
/** The client's port and its faces: what features import of it (ARCHITECTURE.md). */
const CLIENT_FACES = ['src/client/serverApi.ts', 'src/client/serverConnection.ts', 'src/client/beforeConnection.ts'];
/**
 * The other doors, each to one folder: the cluster's port (the Kubernetes backend, loaded on demand), and the search
 * engine, which reads a server's pages itself in its worker (a client of its own: the generation's API and its types).
 */
const CLIENT_ENTRIES = [
  { from: 'src/features/cluster', what: 'src/client/k8s/kubeBackend.ts' },
  { from: 'src/features/search', what: 'src/client/connection/detectApi.ts' },
  { from: 'src/features/search', what: 'src/client/transport/endpoint.ts' },
  { from: 'src/features/search', what: 'src/client/transport/serverErrorType.ts' },
  { from: 'src/features/search', what: 'src/client/transport/loopback.ts' },
];

const inside = (file: string, folder: string) => file === folder || file.startsWith(`${folder}/`);
const ours = (target: string) => target.startsWith('src/') || target.startsWith('webview/');

describe('layers', () => {
  const all = readModules(repoRoot());
  const features = all.filter((m) => featureOf(m.file));

  test('the sources were read (a positive control for the rules below)', () => {
    assert.ok(all.length > 100, `${all.length} modules`);
    const store = all.find((m) => m.file === 'src/store/sessionStore.ts');
    assert.ok(store?.imports.includes('src/store/events.ts'), 'sessionStore imports events');
    assert.ok(features.length > 50 && new Set(features.map((m) => featureOf(m.file))).size >= 8, 'every feature folder was read');
  });

  for (const { part, may, vscode } of RULES) {
    test(`${part} imports only from ${may.join(', ')}${vscode ? ' and vscode' : ''}`, () => {
      const wrong: string[] = [];
      for (const m of all.filter((x) => inside(x.file, part) && x.file !== 'src/features/index.ts')) {
        const allowed = [...may, ...(featureOf(m.file) ? [`src/features/${featureOf(m.file)}`] : [])];
        for (const target of m.imports) if (ours(target) && !allowed.some((f) => inside(target, f))) wrong.push(`${m.file} → ${target}`);
        if (!vscode && m.packages.includes('vscode')) wrong.push(`${m.file} → vscode`);
      }
      assert.deepEqual(wrong, []);
    });
  }

  test('nothing in the core (store, present, client) or the base imports vscode', () => {
    assert.deepEqual(
      all.filter((m) => [...CORE, BASE].some((c) => inside(m.file, c)) && m.packages.includes('vscode')).map((m) => m.file),
      [],
    );
  });

  test('the base holds the event and lifecycle primitives, and the core and the app stand on it', () => {
    const base = all.filter((m) => inside(m.file, BASE)).map((m) => m.file);
    assert.ok(base.includes('src/base/emitter.ts') && base.includes('src/base/disposable.ts'), base.join(', '));
    const users = (part: string) => all.some((m) => inside(m.file, part) && m.imports.some((t) => inside(t, BASE)));
    assert.ok(users('src/client') && users('src/app'), 'the client and the app import the base (a positive control)');
  });

  test("src/client keeps only its port and its faces outside a folder (a connection's, and what comes before one)", () => {
    const loose = all.filter((m) => /^src\/client\/[^/]+$/.test(m.file)).map((m) => m.file);
    assert.deepEqual(loose.sort(), [...CLIENT_FACES].sort());
  });

  test('features import the client through its port and faces only, never into its folders', () => {
    const wrong = features.flatMap((m) =>
      m.imports
        .filter(
          (t) =>
            inside(t, 'src/client') && !CLIENT_FACES.includes(t) && !CLIENT_ENTRIES.some((e) => e.what === t && inside(m.file, e.from)),
        )
        .map((t) => `${m.file} → ${t}`),
    );
    assert.ok(
      features.some((m) => m.imports.includes('src/client/beforeConnection.ts')),
      'a feature imports a face (a positive control)',
    );
    assert.deepEqual(wrong, []);
  });

  test("no feature imports another (what one adds to another's view goes through src/app)", () => {
    const wrong = features.flatMap((m) =>
      m.imports.filter((t) => featureOf(t) && featureOf(t) !== featureOf(m.file)).map((t) => `${m.file} → ${t}`),
    );
    assert.deepEqual(wrong, []);
  });

  test('a feature is reached only through its index.ts, from src/features/index.ts alone (and its page through its protocol)', () => {
    const wrong: string[] = [];
    for (const m of all.filter((x) => !featureOf(x.file))) {
      const page = inside(m.file, 'webview');
      for (const target of m.imports.filter((t) => featureOf(t) && !(page && t === PAGE_PROTOCOL))) {
        if (m.file !== 'src/features/index.ts' || target !== `src/features/${featureOf(target)}/index.ts`)
          wrong.push(`${m.file} → ${target}`);
      }
    }
    assert.deepEqual(wrong, []);
  });

  test('activate() assembles the app, the features and the API only', () => {
    const extension = all.find((m) => m.file === 'src/extension.ts')!;
    const wrong = extension.imports.filter(
      (t) => !['src/app/index.ts', 'src/features/index.ts', 'src/api/index.ts'].includes(t) && !inside(t, 'src/app'),
    );
    assert.deepEqual(wrong, []);
  });

  test('src/app is in folders by concern: only its index.ts is loose', () => {
    const loose = all.filter((m) => /^src\/app\/[^/]+$/.test(m.file)).map((m) => m.file);
    assert.ok(
      all.some((m) => m.file.startsWith('src/app/servers/')),
      'the app was read (a positive control)',
    );
    assert.deepEqual(loose, ['src/app/index.ts']);
  });

  test('the base imports nothing of ours but the base, and holds the guards, the logger and the pattern matcher', () => {
    const base = all.filter((m) => inside(m.file, BASE));
    for (const file of ['src/base/parse.ts', 'src/base/logger.ts', 'src/base/pattern/linearPattern.ts'])
      assert.ok(
        base.some((m) => m.file === file),
        `${file} is in the base`,
      );
    assert.deepEqual(
      base.flatMap((m) => m.imports.filter((t) => ours(t) && !inside(t, BASE)).map((t) => `${m.file} → ${t}`)),
      [],
    );
  });

  test("a feature's common/ folder imports no vscode (it runs in plain Node: a worker, a test)", () => {
    const common = all.filter((m) => /^src\/features\/[^/]+\/common\//.test(m.file));
    assert.ok(
      common.some((m) => m.file === 'src/features/search/common/contentIndex.ts'),
      'search has one (a positive control)',
    );
    assert.deepEqual(
      common.filter((m) => m.packages.includes('vscode')).map((m) => m.file),
      [],
    );
  });

  test("a feature's common/ folder and the base outside its node/ are pure: no Node built-in and nothing of a node/ (as VS Code's common/ and node/)", () => {
    const common = all.filter(
      (m) => /^src\/features\/[^/]+\/common\//.test(m.file) || (inside(m.file, BASE) && !inside(m.file, `${BASE}/node`)),
    );
    assert.ok(
      all.some((m) => m.file.startsWith('src/features/search/node/') && m.packages.includes('node:worker_threads')),
      "search's node/ holds its worker (a positive control)",
    );
    assert.ok(
      all.some((m) => m.file === 'src/base/node/processClaim.ts' && m.packages.includes('node:fs')),
      "the base's node/ holds the process claim (a positive control)",
    );
    const wrong = common.flatMap((m) => [
      ...m.packages.filter((p) => p.startsWith('node:')).map((p) => `${m.file} → ${p}`),
      ...m.imports.filter((t) => /^src\/(features\/[^/]+|base)\/node\//.test(t)).map((t) => `${m.file} → ${t}`),
    ]);
    assert.deepEqual(wrong, []);
  });

  test("one emitter: the base's (nothing makes a vscode.EventEmitter)", () => {
    const sources = all.filter((m) => inside(m.file, 'src') || inside(m.file, 'webview'));
    assert.ok(
      sources.some((m) => m.file === 'src/base/emitter.ts'),
      'the sources were read (a positive control)',
    );
    const wrong = sources.filter((m) => readFileSync(join(repoRoot(), m.file), 'utf8').includes('new vscode.EventEmitter'));
    assert.deepEqual(
      wrong.map((m) => m.file),
      [],
    );
  });

  test('no import circles', () => {
    assert.deepEqual(
      circles(all).map((c) => c.join(' → ')),
      [],
    );
  });

  test('features and the app take what they need of errors from the port (serverApi.ts), not from transport/', () => {
    const port = all.find((m) => m.file === 'src/client/serverApi.ts');
    assert.ok(port?.imports.includes('src/client/transport/serverError.ts'), 'the port re-exports the errors (a positive control)');
    const above = all.filter((m) => inside(m.file, 'src/features') || inside(m.file, 'src/app'));
    assert.deepEqual(
      above.filter((m) => m.imports.includes('src/client/transport/serverError.ts')).map((m) => m.file),
      [],
    );
  });

  test('each generation of the client stands on at most five floors (a reader of events imports no module that fetches)', (t) => {
    const v1 = longestChain(all, 'src/client/v1');
    const v2 = longestChain(all, 'src/client/v2');
    t.diagnostic(`v1: ${v1.length} (${v1.join(' → ')}); v2: ${v2.length} (${v2.join(' → ')})`);
    assert.ok(v1.length >= 3 && v2.length >= 3, 'the chains were followed (a positive control)');
    assert.ok(v1.length <= MAX_FLOORS, v1.join(' → '));
    assert.ok(v2.length <= MAX_FLOORS, v2.join(' → '));
  });

  test('the two generations mirror each other by base name (what one does, the other does under the same name)', () => {
    const names = (g: string) => new Set(all.filter((m) => m.file.startsWith(`src/client/${g}/`)).map((m) => m.file.split('/').pop()!));
    const v1 = names('v1');
    const v2 = names('v2');
    const shared = [...v1].filter((n) => v2.has(n)).sort();
    for (const name of ['api.ts', 'client.ts', 'contract.ts', 'events.ts', 'messages.ts', 'pending.ts', 'sessions.ts'])
      assert.ok(shared.includes(name), `${name} in both src/client/v1 and src/client/v2`);
    // A module named after its generation hides the mirror (`v2Events.ts` beside `v1/events.ts`).
    assert.deepEqual(
      [...v1, ...v2].filter((n) => /^v[12][A-Z]/.test(n)),
      [],
    );
  });

  test("only src/client imports OpenCode's SDK (features and the app act through ServerApi)", () => {
    const client = all.filter((m) => m.packages.some((p) => SDK.test(p)));
    assert.ok(client.length > 0, 'the SDK is imported somewhere (a positive control)');
    assert.deepEqual(
      client.filter((m) => !inside(m.file, 'src/client')).map((m) => m.file),
      [],
    );
  });
});
