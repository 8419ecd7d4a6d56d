// The architecture as a test: layers import only downwards, and no module imports itself in a circle.
// Reads the sources (TypeScript files under src/ and webview/) and their relative imports.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix, relative } from 'node:path';
import { describe, test } from 'node:test';
import { repoRoot } from '../harness/paths';

const root = repoRoot();

/** Which folders each layer may import from (its own included); `vscode` only where marked. */
const LAYERS: Array<{ layer: string; may: string[]; vscode: boolean }> = [
  { layer: 'src/store', may: ['src/store'], vscode: false },
  { layer: 'src/present', may: ['src/store', 'src/present'], vscode: false },
  { layer: 'src/client', may: ['src/store', 'src/client'], vscode: false },
  { layer: 'webview', may: ['webview', 'src/present', 'src/store'], vscode: false },
  // The OpenCode plugin runs inside OpenCode: no VS Code, only the pure layers it shares with the extension.
  { layer: 'src/plugin', may: ['src/plugin', 'src/store', 'src/client'], vscode: false },
];
/** Folders that must not know the tree view. */
const BELOW_TREE = ['src/servers', 'src/status', 'src/client', 'src/settings', 'src/store', 'src/present'];

interface Module {
  file: string;
  imports: string[];
}

function modules(): Module[] {
  const files = [...walk(join(root, 'src')), ...walk(join(root, 'webview'))];
  return files.map((abs) => {
    const file = relative(root, abs).split('\\').join('/');
    const text = readFileSync(abs, 'utf8');
    const imports: string[] = [];
    for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)) {
      const spec = m[1] ?? m[2];
      imports.push(spec.startsWith('.') ? resolve(file, spec) : spec);
    }
    return { file, imports };
  });
}

function resolve(from: string, spec: string): string {
  const base = posix.normalize(posix.join(posix.dirname(from), spec));
  for (const candidate of [`${base}.ts`, `${base}/index.ts`, base]) if (exists(candidate)) return candidate;
  return base;
}

function exists(file: string): boolean {
  try {
    return statSync(join(root, file)).isFile();
  } catch {
    return false;
  }
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return walk(path);
    return path.endsWith('.ts') && !path.endsWith('.d.ts') ? [path] : [];
  });
}

const inside = (file: string, folder: string) => file === folder || file.startsWith(`${folder}/`);

describe('layers', () => {
  const all = modules();

  test('the sources were read (a positive control for the rules below)', () => {
    assert.ok(all.length > 100, `${all.length} modules`);
    const store = all.find((m) => m.file === 'src/store/sessionStore.ts');
    assert.ok(store?.imports.includes('src/store/events.ts'), 'sessionStore imports events');
  });

  for (const { layer, may, vscode } of LAYERS) {
    test(`${layer} imports only from ${may.join(', ')}${vscode ? ' and vscode' : ''}`, () => {
      const wrong: string[] = [];
      for (const m of all.filter((x) => inside(x.file, layer))) {
        for (const target of m.imports) {
          if (target === 'vscode' ? !vscode : target.includes('/') && (target.startsWith('src/') || target.startsWith('webview/')) && !may.some((f) => inside(target, f))) {
            wrong.push(`${m.file} → ${target}`);
          }
        }
      }
      assert.deepEqual(wrong, []);
    });
  }

  test('servers, status, client, settings, store and present do not import the tree', () => {
    const wrong = all.filter((m) => BELOW_TREE.some((f) => inside(m.file, f))).flatMap((m) => m.imports.filter((t) => inside(t, 'src/tree')).map((t) => `${m.file} → ${t}`));
    assert.deepEqual(wrong, []);
  });

  test('no import circles', () => {
    const graph = new Map(all.map((m) => [m.file, m.imports.filter((t) => t.endsWith('.ts'))]));
    const circles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const path: string[] = [];
    const visit = (file: string) => {
      state.set(file, 'open');
      path.push(file);
      for (const next of graph.get(file) ?? []) {
        if (state.get(next) === 'open') circles.push([...path.slice(path.indexOf(next)), next].join(' → '));
        else if (!state.has(next)) visit(next);
      }
      path.pop();
      state.set(file, 'done');
    };
    for (const file of graph.keys()) if (!state.has(file)) visit(file);
    assert.deepEqual(circles, []);
  });
});

