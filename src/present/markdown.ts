// Server text inside our own markdown (tooltips): it must render as the same text and nothing else.
import { visibleText } from './plainText';

/** What this needs of a vscode.MarkdownString; structural, so this layer stays free of `vscode`. */
export interface MarkdownSink {
  appendMarkdown(value: string): MarkdownSink;
  appendText(value: string): MarkdownSink;
}

/**
 * Appends text from the server so that it renders as the same text and nothing else: appendText escapes
 * markdown (links, `$(icon)` syntax, emphasis) but keeps `<` and `&`, so those become entities here.
 */
export function appendUntrusted<T extends MarkdownSink>(md: T, text: string): T {
  for (const piece of visibleText(text).split(/([<&])/)) {
    if (piece === '<') md.appendMarkdown('&lt;');
    else if (piece === '&') md.appendMarkdown('&amp;');
    else if (piece) md.appendText(piece);
  }
  return md;
}
