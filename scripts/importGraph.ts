// The sources' import graph, read from the text of src/ and webview/ (relative imports and packages), and the
// layer each file belongs to. test/unit/project/layers.test.ts holds the rules against it; scripts/importFigures.ts prints it.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix, relative } from 'node:path';

export interface Module {
  /** The file, from the repository root with `/` (src/app/servers/serverRegistry.ts). */
  file: string;
  /** Files of this repository it imports (resolved), type-only imports included. */
  imports: string[];
  /** Packages it imports (vscode, node:fs…). */
  packages: string[];
}

/** From the bottom up: an import may go to its own layer or one below, never above. */
export type Layer = 'base' | 'store' | 'present' | 'client' | 'plugin' | 'webview' | 'app' | 'feature' | 'features' | 'api' | 'extension';

const RANK: Record<Layer, number> = {
  base: 0,
  store: 1,
  present: 2,
  client: 2,
  plugin: 3,
  webview: 3,
  app: 3,
  feature: 4,
  api: 4,
  features: 5,
  extension: 6,
};

export function readModules(root: string): Module[] {
  const files = [...walk(root, join(root, 'src')), ...walk(root, join(root, 'webview'))];
  return files.map((file) => {
    const text = readFileSync(join(root, file), 'utf8');
    const imports = new Set<string>();
    const packages = new Set<string>();
    for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)) {
      const spec = m[1] ?? m[2];
      if (spec.startsWith('.')) imports.add(resolve(root, file, spec));
      else packages.add(spec);
    }
    return { file, imports: [...imports], packages: [...packages] };
  });
}

export function layerOf(file: string): Layer | undefined {
  if (file === 'src/extension.ts') return 'extension';
  if (file === 'src/features/index.ts') return 'features';
  const [top, second] = file.split('/');
  if (top === 'webview') return 'webview';
  if (top !== 'src') return undefined;
  if (second === 'features') return 'feature';
  return (['base', 'store', 'present', 'client', 'plugin', 'app', 'api'] as const).find((l) => l === second);
}

/** The feature a file belongs to (src/features/inbox/x.ts → inbox), if any. */
export function featureOf(file: string): string | undefined {
  const match = /^src\/features\/([^/]+)\//.exec(file);
  return match?.[1];
}

/** A webview page and the protocol its host keeps beside itself (GitLens's placement): types only, shared by both. */
export const PAGE_PROTOCOL = 'src/features/usage/protocol.ts';

/** An import that goes up a layer, or sideways from one feature into another. */
export function isUpward(from: string, to: string): boolean {
  if (layerOf(from) === 'webview' && to === PAGE_PROTOCOL) return false;
  const a = layerOf(from);
  const b = layerOf(to);
  if (!a || !b) return false;
  if (a === 'feature' && b === 'feature') return featureOf(from) !== featureOf(to);
  return RANK[b] > RANK[a];
}

/** Every import circle, each as the files around it. */
export function circles(modules: Module[]): string[][] {
  const graph = new Map(modules.map((m) => [m.file, m.imports]));
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (file: string) => {
    state.set(file, 'open');
    path.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === 'open') found.push([...path.slice(path.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    path.pop();
    state.set(file, 'done');
  };
  for (const file of graph.keys()) if (!state.has(file)) visit(file);
  return found;
}

/**
 * The longest chain of imports among the files of one folder (its subfolders included), from the file that starts
 * it: how many floors the folder is built on. Imports that leave the folder are not followed; type-only ones are.
 */
export function longestChain(modules: Module[], folder: string): string[] {
  const inFolder = (file: string) => file.startsWith(`${folder}/`);
  const graph = new Map(modules.filter((m) => inFolder(m.file)).map((m) => [m.file, m.imports.filter(inFolder)]));
  const chains = new Map<string, string[]>();
  const open = new Set<string>();
  const chainFrom = (file: string): string[] => {
    const known = chains.get(file);
    if (known) return known;
    // A circle (the layers test forbids them) ends the chain where it closes.
    if (open.has(file)) return [];
    open.add(file);
    let longest: string[] = [];
    for (const next of graph.get(file) ?? []) {
      const chain = chainFrom(next);
      if (chain.length > longest.length) longest = chain;
    }
    open.delete(file);
    const chain = [file, ...longest];
    chains.set(file, chain);
    return chain;
  };
  let longest: string[] = [];
  for (const file of graph.keys()) {
    const chain = chainFrom(file);
    if (chain.length > longest.length) longest = chain;
  }
  return longest;
}

function resolve(root: string, from: string, spec: string): string {
  const base = posix.normalize(posix.join(posix.dirname(from), spec));
  for (const candidate of [`${base}.ts`, `${base}/index.ts`, `${base}.d.ts`, base]) if (isFile(join(root, candidate))) return candidate;
  return base;
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function walk(root: string, dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return walk(root, path);
    return path.endsWith('.ts') && !path.endsWith('.d.ts') ? [relative(root, path).split('\\').join('/')] : [];
  });
}
