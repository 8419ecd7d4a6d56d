// Server text inside the transcript's Markdown, so that it renders as the text it is (pure, one pass per line):
// a title or a name as an escaped line; a prompt or a reply as escaped paragraphs that keep their line breaks, with
// the code blocks the model wrote kept as code in fences of our own. No HTML, link, image, entity, math, emphasis,
// heading or list in it renders: every character that could start one is escaped wherever it stands. Nor does a link
// the preview would make of bare text (its linkify): a URL, a `www.` name, an e-mail address, a domain.
import { visibleText } from '../../present/plainText';

const NBSP = '\u00a0';
/**
 * What starts inline Markdown anywhere in a line (HTML, entities, links, images, code, emphasis, math, tables), and
 * what a bare link needs: the `:` of `://`, an `@`, a `.` before a letter (`www.`, a domain). Each is escaped: a
 * backslash, or an entity where linkify would still see the character (`:` and `@`, as appendUntrusted writes them
 * in tooltips). Each splits the text the preview's linkify reads, so no link is found.
 */
const INLINE = new Uint8Array(128);
for (const c of '\\`*_[]<>&|~$#@:.') INLINE[c.charCodeAt(0)] = 1;
const LETTER = /^\p{L}$/u;

/**
 * The line with every inline mark escaped: one pass over its characters, looking at most two ahead (a loop, not a
 * replace with a function per mark: a reply of 50 000 marked lines took 110 ms that way, 35 ms this way).
 */
function escapeInline(line: string): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c >= 128 || INLINE[c] === 0) continue;
    let escape: string;
    if (c === 58 /* : */) {
      if (line.charCodeAt(i + 1) !== 47 || line.charCodeAt(i + 2) !== 47) continue;
      escape = '&#58;';
    } else if (c === 64 /* @ */) escape = '&#64;';
    else if (c === 46 /* . */) {
      const next = line.codePointAt(i + 1);
      if (next === undefined || !LETTER.test(String.fromCodePoint(next))) continue;
      escape = '\\.';
    } else escape = `\\${line[i]}`;
    out += line.slice(from, i) + escape;
    from = i + 1;
  }
  return from === 0 ? line : out + line.slice(from);
}

/** One line of server text (a title, a name, an error) as Markdown that shows exactly it: bounded, on one line. */
export function escapedLine(text: string, max = 300): string {
  const line = visibleText(text.slice(0, max * 4))
    .replace(/[\r\n\u2028\u2029]+/g, ' ')
    .slice(0, max);
  return lineStart(escapeInline(line));
}

/**
 * A prompt or reply as Markdown paragraphs that show its text as written: each line escaped and ended with a hard
 * break, runs of blank lines as one, leading spaces kept as no-break spaces (so no line becomes indented code), and
 * each fenced code block in it re-fenced by `fence` (its language kept when it is a plain word).
 */
export function proseLines(text: string, fence: (code: string, language?: string) => string[]): string[] {
  const lines = visibleText(text).split(/\r\n|\r|\n/);
  const out: string[] = [];
  const blank = () => {
    if (out.length && out[out.length - 1] !== '') out.push('');
  };
  // Each line's fence is looked at once: as the line after one of prose, then as the line itself.
  let ahead: { at: number; fence: ReturnType<typeof fenceOf> } = { at: -1, fence: undefined };
  for (let i = 0; i < lines.length; i++) {
    const open = ahead.at === i ? ahead.fence : fenceOf(lines[i]);
    if (open) {
      const code: string[] = [];
      let j = i + 1;
      for (; j < lines.length; j++) {
        const close = fenceOf(lines[j]);
        if (close && close.char === open.char && close.length >= open.length && close.rest.trim() === '') break;
        code.push(lines[j]);
      }
      blank();
      out.push(...fence(code.join('\n'), /^[\w.+#-]{1,30}$/.test(open.rest.trim()) ? open.rest.trim() : undefined), '');
      i = j;
      continue;
    }
    if (isBlank(lines[i])) {
      blank();
      continue;
    }
    const next = lines[i + 1];
    if (next !== undefined) ahead = { at: i + 1, fence: fenceOf(next) };
    const breaks = next !== undefined && !isBlank(next) && !ahead.fence;
    out.push(`${proseLine(lines[i])}${breaks ? '\\' : ''}`);
  }
  while (out.length && out[out.length - 1] === '') out.pop();
  return out;
}

/** Whether a line is only white space (as trim() has it): most lines start with a printable ASCII character. */
function isBlank(line: string): boolean {
  const first = line.charCodeAt(0);
  return !(first > 32 && first < 127) && line.trim() === '';
}

/** A line of prose: its indentation as no-break spaces, the rest escaped. */
function proseLine(line: string): string {
  let indent = 0;
  let width = 0;
  for (; indent < line.length && (line[indent] === ' ' || line[indent] === '\t'); indent++) width += line[indent] === '\t' ? 4 : 1;
  const rest = escapeInline(line.slice(indent));
  return width ? NBSP.repeat(width) + rest : lineStart(rest);
}

/** What would start a block at the head of a line (a list, a quote, a setext underline) escaped. */
function lineStart(line: string): string {
  const first = line.charCodeAt(0);
  if (line[0] === '-' || line[0] === '+' || line[0] === '=' || line[0] === '>') return `\\${line}`;
  if (first >= 48 && first <= 57) {
    // An ordered list: up to nine digits then "." or ")".
    let digits = 1;
    while (digits < line.length && digits < 10 && line.charCodeAt(digits) >= 48 && line.charCodeAt(digits) <= 57) digits++;
    if (line[digits] === '.' || line[digits] === ')') return `${line.slice(0, digits)}\\${line.slice(digits)}`;
  }
  return line;
}

/** A line that opens or closes a fenced block (CommonMark: up to three spaces, then three or more ` or ~). */
export function fenceOf(line: string): { char: string; length: number; rest: string } | undefined {
  let at = 0;
  while (at < 3 && line[at] === ' ') at++;
  const char = line[at];
  if (char !== '`' && char !== '~') return undefined;
  let end = at;
  while (line[end] === char) end++;
  if (end - at < 3) return undefined;
  const rest = line.slice(end);
  // A backtick fence's info string holds no backtick.
  if (char === '`' && rest.includes('`')) return undefined;
  return { char, length: end - at, rest };
}

/** A link to one of our own URIs, its text escaped: `<…>` holds the target, which must hold no `<`, `>` or space. */
export function ownLink(label: string, target: string): string {
  const safe = target.replace(/[<>\s\\]/g, (c) => encodeURIComponent(c));
  return `[${escapedLine(label)}](<${safe}>)`;
}
