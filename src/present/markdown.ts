import type * as vscode from 'vscode';

/**
 * Appends text from the server so that it renders as the same text and nothing else: appendText escapes
 * markdown (links, `$(icon)` syntax, emphasis) but keeps `<` and `&`, so those become entities here.
 */
export function appendUntrusted(md: vscode.MarkdownString, text: string): vscode.MarkdownString {
  for (const piece of text.split(/([<&])/)) {
    if (piece === '<') md.appendMarkdown('&lt;');
    else if (piece === '&') md.appendMarkdown('&amp;');
    else if (piece) md.appendText(piece);
  }
  return md;
}
