// Whose change a file is: the session's own when one of its tool calls in a turn that changed the file named it
// (a file tool's path, or a shell command that mentions it); otherwise it changed meanwhile, by something else.
//
// A turn's diff and its tools are a server's and a model's, of any size: what the tools name is gathered once per
// turn into sets each changed file is looked up in, so the work is the turn's size, not its files times its tools
// (10 000 changed files against 10 000 tool paths took 19 s; 1 000 against one 1 MB shell command, 1.4 s).
import type { TurnTools } from '../../store/turns';

/** True when the turn's own tools name `path` (as OpenCode names changed files: relative to the git root). */
export function namedByOwnTools(path: string, tools: TurnTools | undefined): boolean {
  // Unknown (the server's messages do not say) or delegated to sub-agents (their edits are in the turn): its own.
  if (!tools || tools.delegated) return true;
  const named = namesOf(tools);
  const file = normal(path);
  if (named.tails.has(file) || tails(file).some((tail) => named.whole.has(tail))) return true;
  const name = file.split('/').pop() ?? file;
  return mentioned(named, tools, file) || mentioned(named, tools, name);
}

/** Paths are followed this many slashes from their end, and tails this long at most (a path's own limit). */
const MAX_SEGMENTS = 32;
const MAX_TAIL = 4096;

interface Names {
  /** The tool paths, normalized. */
  whole: Set<string>;
  /** Each tool path and what follows each of its slashes: a changed file here is named by one. */
  tails: Set<string>;
  /** Each word of the commands (a run of name characters and slashes) and what follows each of its slashes. */
  words: Set<string>;
  /** What scans of the commands may still cost, for names the words cannot tell (see `mentioned`). */
  budget: number;
}

const names = new WeakMap<TurnTools, Names>();

function namesOf(tools: TurnTools): Names {
  let found = names.get(tools);
  if (found) return found;
  found = { whole: new Set(), tails: new Set(), words: new Set(), budget: 0 };
  for (const tool of tools.files) {
    const path = normal(tool);
    found.whole.add(path);
    for (const tail of tails(path)) found.tails.add(tail);
  }
  let length = 0;
  for (const command of tools.commands) {
    length += command.length;
    for (let at = 0; at < command.length;) {
      if (!inWord(command.charCodeAt(at))) {
        at++;
        continue;
      }
      let end = at;
      while (end < command.length && inWord(command.charCodeAt(end))) end++;
      // `b.txt/` names b.txt as well: the slash is no part of the name.
      let last = end;
      while (last > at && command.charCodeAt(last - 1) === SLASH) last--;
      if (last > at) for (const tail of tails(command.slice(at, last))) found.words.add(tail);
      at = end;
    }
  }
  found.budget = 8 * length + 1_000_000;
  names.set(tools, found);
  return found;
}

/**
 * A command names the file as a word of its own (`> b.txt`, `rm sub/b.txt`), not inside a longer name. A name of
 * name characters and slashes only is looked up among the words; another (a space, a non-ASCII letter in it) is
 * looked for in the commands with indexOf, while the turn's budget for that lasts: past it, a turn that names so
 * many such files counts as naming them (as a turn whose tools are unknown does).
 */
function mentioned(named: Names, tools: TurnTools, name: string): boolean {
  if (!name) return false;
  let plain = name.length <= MAX_TAIL;
  for (let i = 0; plain && i < name.length; i++) plain = inWord(name.charCodeAt(i));
  if (plain) return named.words.has(name);
  for (const command of tools.commands) {
    if (named.budget <= 0) return true;
    named.budget -= command.length;
    if (mentions(command, name)) return true;
  }
  return false;
}

function mentions(command: string, name: string): boolean {
  for (let at = command.indexOf(name); at >= 0; at = command.indexOf(name, at + 1)) {
    if (!partOfName(command.charCodeAt(at - 1)) && !partOfName(command.charCodeAt(at + name.length))) return true;
  }
  return false;
}

/** The path and what follows each of its last MAX_SEGMENTS slashes (`/a/b/c`: itself, `a/b/c`, `b/c`, `c`), up to MAX_TAIL long. */
function tails(path: string): string[] {
  const found = path.length <= MAX_TAIL ? [path] : [];
  for (let at = path.lastIndexOf('/'), n = 0; at >= 0 && n < MAX_SEGMENTS; at = at ? path.lastIndexOf('/', at - 1) : -1, n++) {
    if (path.length - at - 1 > MAX_TAIL) break;
    if (at + 1 < path.length) found.push(path.slice(at + 1));
  }
  return found;
}

function normal(p: string): string {
  return p.replace(/\\/g, '/').replace(/^(\.\/)+/, '');
}

const SLASH = 47;

/** A character of a word of a command: a name's, or a slash. */
function inWord(code: number): boolean {
  return code === SLASH || partOfName(code);
}

/** A character that continues a file name (`\w`, `.`, `-`); NaN (before the start, past the end) does not. */
function partOfName(code: number): boolean {
  return (
    (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95 || code === 46 || code === 45
  );
}
