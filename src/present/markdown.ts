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
const ENTITIES: Record<string, string> = { '<': '&lt;', '&': '&amp;', ':': '&#58;', '.': '&#46;', '@': '&#64;' };

/**
 * Appends text from the server so that it renders as the same text and nothing else: appendText escapes
 * markdown (links, `$(icon)` syntax, emphasis) but keeps `<` and `&`, so those become entities here.
 */
export function appendUntrusted<T extends MarkdownSink>(md: T, text: string): T {
  for (const piece of visibleText(text).split(/(<|&|:(?=\/\/)|(?<=\bwww)\.|@)/i)) {
    const entity = ENTITIES[piece];
    if (entity) md.appendMarkdown(entity);
    else if (piece) md.appendText(piece);
  }
  return md;
}
