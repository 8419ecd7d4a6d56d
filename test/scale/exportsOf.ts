// The value exports (functions, classes, function-valued constants) of the modules whose exports must be classed as
// readers or not: every module under src/client/, the search and transcript features, and every form or pattern
// module (the inbox's, the store's, the base's), plus the attention marks. Read with TypeScript's own parser.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

/** Folders every module of which is watched. */
const WATCHED_FOLDERS = ['src/client', 'src/features/search', 'src/features/transcripts'];
/** Elsewhere, modules whose name says they read forms or patterns (a model's form, its field patterns). */
const FORM_FOLDERS = ['src/store', 'src/base', 'src/features/inbox'];
const FORM_NAME = /form|pattern/i;
/** One by one: what a server's ids become in stored marks. */
const WATCHED_FILES = ['src/app/sessions/attention.ts', 'src/store/attention.ts'];

function walk(root: string, dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(join(root, dir));
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(root, path)).isDirectory()) return walk(root, path);
    return name.endsWith('.ts') && !name.endsWith('.d.ts') ? [path] : [];
  });
}

export function watchedModules(root: string): string[] {
  const files = new Set<string>();
  for (const folder of WATCHED_FOLDERS) for (const f of walk(root, folder)) files.add(f);
  for (const folder of FORM_FOLDERS) for (const f of walk(root, folder)) if (FORM_NAME.test(f.slice(folder.length))) files.add(f);
  for (const f of WATCHED_FILES) if (existsSync(join(root, f))) files.add(f);
  return [...files].sort();
}

/** `src/<path>.ts#<name>` for each value export of the file (types, interfaces and plain constants are not readers). */
export function valueExports(root: string, file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(join(root, file), 'utf8'), ts.ScriptTarget.Latest, true);
  const names: string[] = [];
  const exported = (node: ts.Node) =>
    (ts.canHaveModifiers(node) ? ts.getModifiers(node) : undefined)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
  for (const statement of source.statements) {
    if (ts.isExportDeclaration(statement) && !statement.isTypeOnly && statement.exportClause && ts.isNamedExports(statement.exportClause)) {
      // A re-export is its origin's: counted where it is defined, if that module is watched.
      continue;
    }
    if (!exported(statement)) continue;
    if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) && statement.name) names.push(statement.name.text);
    if (ts.isVariableStatement(statement))
      for (const d of statement.declarationList.declarations) {
        const init = d.initializer;
        if (init && ts.isIdentifier(d.name) && (ts.isArrowFunction(init) || ts.isFunctionExpression(init) || ts.isClassExpression(init)))
          names.push(d.name.text);
      }
  }
  return names.map((name) => `${file}#${name}`);
}
