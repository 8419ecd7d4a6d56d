// Whose change a file is: the session's own when one of its tool calls in a turn that changed the file named it
// (a file tool's path, or a shell command that mentions it); otherwise it changed meanwhile, by something else.
import type { TurnTools } from '../../store/turns';

/** True when the turn's own tools name `path` (as OpenCode names changed files: relative to the git root). */
export function namedByOwnTools(path: string, tools: TurnTools | undefined): boolean {
  // Unknown (the server's messages do not say) or delegated to sub-agents (their edits are in the turn): its own.
  if (!tools || tools.delegated) return true;
  const file = normal(path);
  if (tools.files.some((f) => samePath(normal(f), file))) return true;
  const name = file.split('/').pop() ?? file;
  return tools.commands.some((c) => mentions(c, file) || mentions(c, name));
}

function normal(p: string): string {
  return p.replace(/\\/g, '/').replace(/^(\.\/)+/, '');
}

/** A tool's absolute or folder-relative path and the git-root-relative name are the same file. */
function samePath(a: string, b: string): boolean {
  return a === b || a.endsWith(`/${b}`) || b.endsWith(`/${a}`);
}

/**
 * The command names the file as a word of its own (`> b.txt`, `rm sub/b.txt`), not inside a longer name. A scan
 * with indexOf, not a RegExp: commands are a model's text, of any length.
 */
function mentions(command: string, name: string): boolean {
  if (!name) return false;
  for (let at = command.indexOf(name); at >= 0; at = command.indexOf(name, at + 1)) {
    if (!partOfName(command.charCodeAt(at - 1)) && !partOfName(command.charCodeAt(at + name.length))) return true;
  }
  return false;
}

/** A character that continues a file name (`\w`, `.`, `-`); NaN (before the start, past the end) does not. */
function partOfName(code: number): boolean {
  return (
    (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95 || code === 46 || code === 45
  );
}
