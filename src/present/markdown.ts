// Server text inside our own markdown (tooltips): it must render as the same text and nothing else.
import { visibleText } from './plainText';

/** What this needs of a vscode.MarkdownString; structural, so this layer stays free of `vscode`. */
export interface MarkdownSink {
  appendMarkdown(value: string): MarkdownSink;
  appendText(value: string): MarkdownSink;
}

/**
 * `<` and `&` would start HTML. The `:` of `://`, the `.` of `www.` and `@` as entities keep URLs, `www.` names
 * and e-mail addresses from becoming autolinks, inside which markdown escapes show as typed (a title with a
 * URL read "\)"). Nothing else changes, so figures like "$0.165" stay as they are in the source too.
 */
function entityAt(text: string, i: number): string | undefined {
  switch (text.charCodeAt(i)) {
    case 0x3c: // <
      return '&lt;';
    case 0x26: // &
      return '&amp;';
    case 0x40: // @
      return '&#64;';
    case 0x3a: // :
      return text.startsWith('//', i + 1) ? '&#58;' : undefined;
    case 0x2e: // .
      return afterWww(text, i) ? '&#46;' : undefined;
    default:
      return undefined;
  }
}

/**
 * Whether `www` (any case) ends at i. Wherever it starts: VS Code's markdown (marked, GFM) links `www.` after a
 * letter, a digit or `_` too (`awww.evil.com` → a link to www.evil.com; review of issue 75).
 */
function afterWww(text: string, i: number): boolean {
  if (i < 3) return false;
  for (let k = i - 3; k < i; k++) if ((text.charCodeAt(k) | 0x20) !== 0x77) return false;
  return true;
}

/**
 * Appends text from the server so that it renders as the same text and nothing else: appendText escapes
 * markdown (links, `$(icon)` syntax, emphasis) but keeps `<` and `&`, so those become entities here. One pass:
 * each run of plain characters is appended as one slice, so megabytes of `<&@` cost what they are long.
 */
export function appendUntrusted<T extends MarkdownSink>(md: T, text: string): T {
  const shown = visibleText(text);
  let plainFrom = 0;
  for (let i = 0; i < shown.length; i++) {
    const entity = entityAt(shown, i);
    if (entity === undefined) continue;
    if (i > plainFrom) md.appendText(shown.slice(plainFrom, i));
    md.appendMarkdown(entity);
    plainFrom = i + 1;
  }
  if (plainFrom < shown.length) md.appendText(plainFrom ? shown.slice(plainFrom) : shown);
  return md;
}
