// The docs name only what exists. README.md, ARCHITECTURE.md, CONTRIBUTING.md and the pages in docs/ name the
// repository's files from its root (`src/…`, `test/…`, `scripts/…`, `bench/…`, `webview/…`, `docs/…`; a page's
// links from docs/: `../src/…`) and a declaration in a file as
// `path#Name` (a top-level declaration or export) or `path#Owner.member` (a member of a class or interface). Every
// such name is checked here: the path exists, the declaration is in that file (read with TypeScript's own parser).
// A source file named without its root (`v1/events.ts`, `format.ts`) is not checkable, so it is refused.
// ARCHITECTURE.md's walk of one event names nothing else (besides routes and event types its files spell), for both
// generations, and it and the README list every folder of src/ and every feature folder. A file outside this
// repository is named with the commit it was read at (`packages/…/usage.ts@025deac6`) or linked to its home.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';
import { describe, test } from 'node:test';
import ts from 'typescript';
import { repoRoot } from '../../harness/paths';

/** The repository's own pages, and every page in docs/. */
const DOCS = [
  'README.md',
  'ARCHITECTURE.md',
  'CONTRIBUTING.md',
  ...readdirSync(join(repoRoot(), 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
];
const ROOTS = ['src', 'test', 'scripts', 'bench', 'webview', 'docs'];
/** The heading of ARCHITECTURE.md's walk of one event. */
const WALK = "## One event's walk";

interface Ref {
  where: string;
  path: string;
  symbol?: string;
}

const rooted = (path: string) => ROOTS.some((root) => path.startsWith(`${root}/`));
/** A pattern, not one file: `src/features/<name>/`, `test/<runner>/`, `…/session`. */
const placeholder = (path: string) => /[<>*…{}]/.test(path);
/** A source file by its name alone or a path from inside `src/` (a span without spaces, ending in one of these). */
const SOURCE_NAME = /^[\w@][\w@./-]*\.(?:ts|mjs|sh)$/;
/** A rooted path in running text or a drawing: not inside another path (`out/scripts/…`), not its final stop. */
const BARE_PATH = new RegExp(`(?<![\\w/.~-])((?:${ROOTS.join('|')})/[^\\s\`'",;:()]*)`, 'g');

/** The references of one document, and the names it gives in a form that cannot be checked. */
function readReferences(doc: string, text: string): { refs: Ref[]; unrooted: string[] } {
  const refs: Ref[] = [];
  const unrooted: string[] = [];
  text.split('\n').forEach((line, index) => {
    const where = `${doc}:${index + 1}`;
    const add = (token: string) => {
      const hash = token.indexOf('#');
      const path = hash < 0 ? token : token.slice(0, hash);
      if (placeholder(path)) return;
      if (rooted(path)) refs.push({ where, path, ...(hash < 0 ? {} : { symbol: token.slice(hash + 1) }) });
      else if (SOURCE_NAME.test(path)) unrooted.push(`${where} \`${token}\``);
    };
    // Inline code: a span that is one name (no spaces); a command or an example is not a reference.
    const prose = line.replace(/`([^`]*)`/g, (_, span: string) => {
      if (!/\s/.test(span)) add(span);
      return ' ';
    });
    // A link goes from its page's folder (a page in docs/ reaches the repository's files by `../src/…`).
    for (const [, link] of prose.matchAll(/\]\(([^)\s]+)\)/g)) {
      const target = /^[a-z]+:|^#/.test(link) ? link : posix.normalize(posix.join(posix.dirname(doc), link));
      if (rooted(target)) add(target);
    }
    for (const [, path] of prose.replace(/\]\([^)\s]*\)/g, ' ').matchAll(BARE_PATH)) add(path.replace(/\.+$/, ''));
  });
  return { refs, unrooted };
}

/** The declarations of a TypeScript file: each top-level name, with the members of its classes and interfaces. */
function declarations(file: string): Map<string, Set<string>> {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const names = new Map<string, Set<string>>();
  const memberNames = (members: ts.NodeArray<ts.ClassElement | ts.TypeElement>) =>
    new Set(members.flatMap((m) => (m.name && (ts.isIdentifier(m.name) || ts.isPrivateIdentifier(m.name)) ? [m.name.text] : [])));
  for (const node of source.statements) {
    if ((ts.isClassDeclaration(node) || ts.isInterfaceDeclaration(node)) && node.name) names.set(node.name.text, memberNames(node.members));
    else if ((ts.isFunctionDeclaration(node) || ts.isTypeAliasDeclaration(node) || ts.isEnumDeclaration(node)) && node.name)
      names.set(node.name.text, new Set());
    else if (ts.isVariableStatement(node)) {
      for (const d of node.declarationList.declarations) if (ts.isIdentifier(d.name)) names.set(d.name.text, new Set());
    } else if (ts.isExportDeclaration(node) && node.exportClause && ts.isNamedExports(node.exportClause)) {
      for (const e of node.exportClause.elements) names.set(e.name.text, new Set());
    }
  }
  return names;
}

/** The anchors GitHub gives a Markdown page's headings: lower case, spaces to hyphens, other punctuation dropped. */
function headingSlugs(file: string): Set<string> {
  const slugs = new Set<string>();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const heading = /^#{1,6} (.*)$/.exec(line);
    if (heading)
      slugs.add(
        heading[1]
          .toLowerCase()
          .replace(/[^\p{L}\p{N} _-]/gu, '')
          .replace(/ /g, '-'),
      );
  }
  return slugs;
}

/** What is wrong with each reference: a path that does not exist, a declaration not in its file, a page's anchor. */
function problems(root: string, refs: readonly Ref[]): string[] {
  const wrong: string[] = [];
  const read = new Map<string, Map<string, Set<string>>>();
  for (const { where, path, symbol } of refs) {
    const full = join(root, path);
    if (!existsSync(full)) {
      wrong.push(`${where} \`${path}\` does not exist`);
      continue;
    }
    if (symbol === undefined) continue;
    // A page's heading, linked as GitHub names it.
    if (path.endsWith('.md') && statSync(full).isFile()) {
      if (!headingSlugs(full).has(symbol)) wrong.push(`${where} \`${path}#${symbol}\`: no heading of ${path} has that anchor`);
      continue;
    }
    if (!/\.tsx?$/.test(path) || !statSync(full).isFile()) {
      wrong.push(`${where} \`${path}#${symbol}\`: only a TypeScript file has declarations`);
      continue;
    }
    if (!read.has(path)) read.set(path, declarations(full));
    const [owner, member, ...rest] = symbol.split('.');
    const members = read.get(path)!.get(owner);
    if (!members || rest.length > 0 || (member !== undefined && !members.has(member)))
      wrong.push(`${where} \`${path}#${symbol}\` is not declared in ${path}`);
  }
  return wrong;
}

const folders = (root: string, dir: string) => readdirSync(join(root, dir)).filter((n) => statSync(join(root, dir, n)).isDirectory());

describe('the docs name what exists', () => {
  const root = repoRoot();
  const texts = new Map(DOCS.map((doc) => [doc, readFileSync(join(root, doc), 'utf8')]));
  const read = new Map(DOCS.map((doc) => [doc, readReferences(doc, texts.get(doc)!)]));
  const all = [...read.values()].flatMap((r) => r.refs);

  test('the check finds a wrong path, a wrong declaration and a name without its root (a control)', () => {
    const made = readReferences(
      'made.md',
      [
        'See `src/client/v1/events.ts#parseEvent` and `src/client/v1/events.ts#noSuchParser`,',
        '`src/client/v2/events.ts#V2EventReader.readLive`, `src/client/v2/events.ts#V2EventReader.noSuchMember`,',
        'src/client/v1/noSuchFile.ts, [a link](test/noSuchFolder/) and `v1/events.ts`.',
      ].join('\n'),
    );
    assert.deepEqual(made.unrooted, ['made.md:3 `v1/events.ts`']);
    const page = readReferences('docs/made.md', '[a link](../test/noSuchFolder/) and [from the root](src/client/v1/events.ts)');
    assert.deepEqual(problems(root, page.refs), [
      'docs/made.md:1 `test/noSuchFolder/` does not exist',
      'docs/made.md:1 `docs/src/client/v1/events.ts` does not exist',
    ]);
    assert.deepEqual(problems(root, made.refs), [
      'made.md:1 `src/client/v1/events.ts#noSuchParser` is not declared in src/client/v1/events.ts',
      'made.md:2 `src/client/v2/events.ts#V2EventReader.noSuchMember` is not declared in src/client/v2/events.ts',
      'made.md:3 `test/noSuchFolder/` does not exist',
      'made.md:3 `src/client/v1/noSuchFile.ts` does not exist',
    ]);
  });

  test('every path and declaration they name exists', () => {
    assert.ok(all.length > 100 && all.filter((r) => r.symbol).length > 10, `${all.length} references read`);
    assert.deepEqual(problems(root, all), []);
  });

  test("the settings' descriptions point at pages and sections that exist", () => {
    // Settings are read in VS Code, where a relative link goes nowhere: a page is named by its repository address,
    // or in words ("the README's *Budgets that act*", which had moved to docs/features.md: issue 77).
    const repository = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { repository: { url: string } }).repository.url;
    const slug = (heading: string) =>
      heading
        .toLowerCase()
        .replace(/[^\p{L}\p{N} _-]/gu, '')
        .replace(/ /g, '-');
    const nls = JSON.parse(readFileSync(join(root, 'package.nls.json'), 'utf8')) as Record<string, string>;
    const refs: Ref[] = [];
    for (const [key, text] of Object.entries(nls)) {
      for (const [, link] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (!link.startsWith(`${repository}/blob/main/`)) continue;
        const [path, anchor] = link.slice(`${repository}/blob/main/`.length).split('#');
        refs.push({ where: key, path, ...(anchor !== undefined && { symbol: anchor }) });
      }
      for (const [, page, section] of text.matchAll(/\b(README|[\w/.-]+\.md)'s \*([^*]+)\*/g))
        refs.push({ where: key, path: page === 'README' ? 'README.md' : page, symbol: slug(section) });
    }
    assert.ok(refs.length > 0, 'the On Exceeded setting points at its section');
    assert.deepEqual(problems(root, refs), []);
  });

  test('every source file is named from the repository root', () => {
    assert.deepEqual(
      [...read.values()].flatMap((r) => r.unrooted),
      [],
    );
  });

  test("ARCHITECTURE.md's walk of one event names only checked paths and declarations, of both generations", () => {
    const text = texts.get('ARCHITECTURE.md')!;
    const start = text.indexOf(`\n${WALK}\n`);
    assert.ok(start >= 0, `ARCHITECTURE.md has "${WALK}"`);
    const end = text.indexOf('\n## ', start + 1);
    const walk = text.slice(start, end < 0 ? undefined : end);
    const { refs } = readReferences('walk', walk);
    // Every inline name in the walk is a reference, a server's route, or an event's type as a string in a file the
    // walk names (its reader or the store's events).
    const named = [...new Set(refs.map((r) => r.path))].filter((p) => p.endsWith('.ts') && existsSync(join(root, p)));
    const sources = named.map((p) => readFileSync(join(root, p), 'utf8'));
    const unchecked = [...walk.matchAll(/`([^`]*)`/g)]
      .map(([, span]) => span)
      .filter((span) => !span.startsWith('/') && !refs.some((r) => span === (r.symbol ? `${r.path}#${r.symbol}` : r.path)))
      .filter((span) => !(/^[a-z]+(?:\.[a-z]+)+$/.test(span) && sources.some((text) => text.includes(`'${span}'`))));
    assert.deepEqual(unchecked, []);
    for (const generation of ['v1', 'v2'])
      assert.ok(
        refs.some((r) => r.symbol && r.path.startsWith(`src/client/${generation}/`)),
        `the walk names a declaration in src/client/${generation}/`,
      );
    assert.deepEqual(problems(root, refs), []);
  });

  for (const doc of ['README.md', 'ARCHITECTURE.md'])
    test(`${doc} names every feature folder and every folder of src/`, () => {
      const named = new Set(read.get(doc)!.refs.map((r) => r.path.replace(/\/$/, '')));
      const folderList = [...folders(root, 'src').map((f) => `src/${f}`), ...folders(root, 'src/features').map((f) => `src/features/${f}`)];
      assert.ok(folderList.includes('src/features/attention'), folderList.join(', '));
      assert.deepEqual(
        folderList.filter((f) => !named.has(f)),
        [],
      );
    });

  test('ARCHITECTURE.md names every folder of src/client', () => {
    const named = new Set(read.get('ARCHITECTURE.md')!.refs.map((r) => r.path.replace(/\/$/, '')));
    assert.deepEqual(
      folders(root, 'src/client')
        .map((f) => `src/client/${f}`)
        .filter((f) => !named.has(f)),
      [],
    );
  });
});
