// The one shape of a tooltip that shows what servers and models sent: a bold title, then "label: value" lines.
// Untrusted: no command links, no HTML, no theme icons; every value (and the title) is escaped, the labels are ours.
import * as vscode from 'vscode';
import { appendUntrusted } from '../present/markdown';

export function untrustedTooltip(
  title: string,
  lines: ReadonlyArray<{ label: string; value: string }>,
  afterTitle = '',
): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, false);
  md.isTrusted = false;
  md.supportHtml = false;
  md.appendMarkdown('**');
  appendUntrusted(md, title);
  md.appendMarkdown(`**${afterTitle}\n\n`);
  for (const { label, value } of lines) {
    md.appendMarkdown(`${label}: `);
    appendUntrusted(md, value);
    md.appendMarkdown('  \n');
  }
  return md;
}
