// Server text inside the transcript's Markdown, so that it renders as the text it is (pure, one pass per line):
// a title or a name as an escaped line; a prompt or a reply as escaped paragraphs that keep their line breaks, with
// the code blocks the model wrote kept as code in fences of our own. No HTML, link, image, entity, math, emphasis,
// heading or list in it renders: every character that could start one is escaped wherever it stands. Nor does a link
// the preview would make of bare text (its linkify): a URL, a `www.` name, an e-mail address, a domain.
import { visibleText } from '../../present/plainText';

const NBSP = '\u00a0';
/**
 * What starts inline Markdown anywhere in a line (HTML, entities, links, images, code, emphasis, math, tables), and
 * what a bare link needs: the `:` of `://`, an `@`, a `.` before a letter (`www.`, a domain). One character each
 * with a lookahead of fixed length: one pass, no backtracking.
 */
const INLINE = /[\\`*_[\]<>&|~$#@]|:(?=\/\/)|\.(?=\p{L})/gu;

/**
 * An escape for each: a backslash, or an entity where linkify would still see the character (`:` and `@`, as
 * appendUntrusted writes them in tooltips). Each splits the text the preview's linkify reads, so no link is found.
 */
const escaped = (c: string): string => (c === ':' ? '&#58;' : c === '@' ? '&#64;' : `\\${c}`);

/** One line of server text (a title, a name, an error) as Markdown that shows exactly it: bounded, on one line. */
export function escapedLine(text: string, max = 300): string {
  const line = visibleText(text.slice(0, max * 4))
    .replace(/[\r\n\u2028\u2029]+/g, ' ')
    .slice(0, max);
  return lineStart(line.replace(INLINE, escaped));
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
  for (let i = 0; i < lines.length; i++) {
    const open = fenceOf(lines[i]);
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
    if (lines[i].trim() === '') {
      blank();
      continue;
    }
    const next = lines[i + 1];
    const breaks = next !== undefined && next.trim() !== '' && !fenceOf(next);
    out.push(`${proseLine(lines[i])}${breaks ? '\\' : ''}`);
  }
  while (out.length && out[out.length - 1] === '') out.pop();
  return out;
}

/** A line of prose: its indentation as no-break spaces, the rest escaped. */
function proseLine(line: string): string {
  let indent = 0;
  let width = 0;
  for (; indent < line.length && (line[indent] === ' ' || line[indent] === '\t'); indent++) width += line[indent] === '\t' ? 4 : 1;
  const rest = line.slice(indent).replace(INLINE, escaped);
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
function fenceOf(line: string): { char: string; length: number; rest: string } | undefined {
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
