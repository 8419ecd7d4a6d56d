// What the packaged extension must hold, and must not: checked on the files of the installed .vsix (its
// `extension/` folder as VS Code unpacked it). Pure, so a unit test can show each rule catching its case.

/** A sane upper bound for the .vsix: it holds ~420 KB now (dist/k8s.js with client-node is most of it). */
export const MAX_VSIX_BYTES = 1_500_000;

/** Files every install needs: the bundles, the manifest and its texts, the docs (vsce lower-cases some names). */
export const REQUIRED_FILES = [
  'package.json',
  'package.nls.json',
  'l10n/bundle.l10n.json',
  'dist/extension.js',
  'dist/k8s.js',
  'dist/search-engine.js',
  'dist/webview.js',
  'dist/opencode-plugin/session-status.js',
  'src/api/opencodeSessions.d.ts',
  'readme.md',
  'changelog.md',
  'license.txt',
];

/** Development files that have no business in an install; the typed API (src/api/*.d.ts) is shipped on purpose. */
const FORBIDDEN: Array<[RegExp, string]> = [
  [/^src\/(?!api\/opencodeSessions\.d\.ts$)/, 'sources'],
  [/^(test|out|scripts|bench|webview|\.vscode|\.ci|node_modules|\.cache|test-results)\//, 'a development folder'],
  [/\.map$/, 'a source map'],
  [/(^|\/)\.git(\/|$)|(^|\/)\.(gitignore|vscodeignore)$/, 'git or packaging metadata'],
  [/\.vsix$/, 'a package inside the package'],
];

/**
 * Problems with the installed files (paths relative to the extension folder, '/'-separated) and the size of
 * the .vsix; `media` are the files the manifest points at (icon, view container icon, walkthrough pages).
 */
export function vsixProblems(files: string[], vsixBytes: number, media: string[]): string[] {
  const problems: string[] = [];
  const present = new Set(files.map((f) => f.toLowerCase()));
  if (vsixBytes > MAX_VSIX_BYTES) problems.push(`the .vsix is ${vsixBytes} bytes, more than ${MAX_VSIX_BYTES}`);
  for (const file of [...REQUIRED_FILES, ...media]) if (!present.has(file.toLowerCase())) problems.push(`${file} is missing`);
  for (const file of files) {
    const rule = FORBIDDEN.find(([pattern]) => pattern.test(file));
    if (rule) problems.push(`${file} is ${rule[1]}`);
  }
  return problems;
}

/** The files the manifest names: its icon, view container icons and walkthrough media. */
export function manifestMedia(manifest: {
  icon?: string;
  contributes?: {
    viewsContainers?: Record<string, Array<{ icon?: string }>>;
    walkthroughs?: Array<{ steps: Array<{ media: Record<string, unknown> }> }>;
  };
}): string[] {
  const paths = [manifest.icon];
  for (const containers of Object.values(manifest.contributes?.viewsContainers ?? {})) paths.push(...containers.map((c) => c.icon));
  for (const step of (manifest.contributes?.walkthroughs ?? []).flatMap((w) => w.steps)) {
    for (const value of Object.values(step.media)) if (typeof value === 'string') paths.push(value);
  }
  return paths.filter((p): p is string => typeof p === 'string' && !p.startsWith('$(')).map((p) => p.replace(/^\.\//, ''));
}
