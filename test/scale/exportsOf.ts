// The value exports (functions, classes, function-valued constants) of the modules whose exports must be classed as
// readers or not: every module under src/ and webview/ (the page's readers of what the host posts) but those
// exemptModules.ts names, each with why. Read with TypeScript's own parser.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { EXEMPT_MODULES } from './exemptModules';

/** Where every module is watched unless exemptModules.ts names it. */
export const WATCHED_ROOTS = ['src', 'webview'];

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

/** Every module of the watched roots, exempt or not. */
export function allModules(root: string): string[] {
  return WATCHED_ROOTS.flatMap((folder) => walk(root, folder)).sort();
}

/** Every module but the exempt ones. */
export function watchedModules(root: string): string[] {
  return allModules(root).filter((file) => !(file in EXEMPT_MODULES));
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
