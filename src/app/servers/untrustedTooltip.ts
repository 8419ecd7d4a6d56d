// The one shape of a tooltip that shows what servers and models sent: a bold title, then "label: value" lines,
// in sections under a heading after a rule where the lines name one (as the session rows' hovers read).
// Untrusted: no command links, no HTML, no theme icons; every value (and the title) is escaped, the labels and
// headings are ours.
import * as vscode from 'vscode';
import { appendUntrusted } from '../../present/markdown';

export function untrustedTooltip(
  title: string,
  lines: ReadonlyArray<{ label: string; value: string; section?: string }>,
  afterTitle = '',
): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, false);
  md.isTrusted = false;
  md.supportHtml = false;
  md.appendMarkdown('**');
  appendUntrusted(md, title);
  md.appendMarkdown(`**${afterTitle}\n\n`);
  let current: string | undefined;
  for (const { label, value, section } of lines) {
    // A blank line before the rule: right under a line of text, `---` would make that line a heading.
    if (section && section !== current) md.appendMarkdown(`\n\n---\n\n**${section}**  \n`);
    current = section;
    md.appendMarkdown(`${label}: `);
    appendUntrusted(md, value);
    md.appendMarkdown('  \n');
  }
  return md;
}
