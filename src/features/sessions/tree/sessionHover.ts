// A session row's hover as GitLens writes its hovers: the title, then sections (figures, state, server) apart
// by rules; the actions as command links under the title. Pure (no `vscode`): it writes into any markdown sink, so what
// it says, what it escapes and what it links to is unit-tested.
import { appendUntrusted, type MarkdownSink } from '../../../present/markdown';
import type { TooltipRow, TooltipSection } from '../../../present/tooltipRows';

/** The only commands a session hover links to: its MarkdownString trusts exactly these, and no other. */
export const HOVER_COMMANDS = [
  'opencodeSessions.showUsage',
  'opencodeSessions.compactSession',
  'opencodeSessions.switchSession',
  'opencodeSessions.openTranscript',
] as const;

export type HoverCommand = (typeof HOVER_COMMANDS)[number];

export interface HoverAction {
  command: HoverCommand;
  /** Ours (translated), never the server's. */
  title: string;
  tooltip: string;
  /** Passed to the command as its arguments: names the session by server and id. */
  args: readonly unknown[];
}

const SECTIONS: readonly TooltipSection[] = ['figures', 'state', 'server'];

/** Bold title with the actions under it, then a section per kind of row, each under its heading after a rule. */
export function writeSessionHover<T extends MarkdownSink>(
  md: T,
  title: string,
  /** Labels and headings are ours (markdown as written); values come from the server and are escaped. */
  rows: readonly TooltipRow[],
  headings: Readonly<Record<TooltipSection, string>>,
  actions: readonly HoverAction[],
): T {
  md.appendMarkdown('**');
  appendUntrusted(md, title);
  md.appendMarkdown('**');
  // Right under the title: a long title or folder cannot push them below the screen's edge.
  const links = actions.filter((a) => (HOVER_COMMANDS as readonly string[]).includes(a.command)).map(commandLink);
  if (links.length) md.appendMarkdown(`  \n${links.join(' &nbsp;|&nbsp; ')}`);
  for (const section of SECTIONS) {
    const shown = rows.filter((r) => r.section === section);
    if (!shown.length) continue;
    // A blank line before the rule: right under a line of text, `---` would make that line a heading.
    md.appendMarkdown(`\n\n---\n\n**${headings[section]}**  \n`);
    for (const { label, value } of shown) {
      md.appendMarkdown(`${label}: `);
      appendUntrusted(md, value);
      md.appendMarkdown('  \n');
    }
  }
  return md;
}

/** `[Show Usage](command:id?args "tooltip")`; the arguments are JSON, percent-encoded so no character ends the link. */
export function commandLink({ command, title, tooltip, args }: HoverAction): string {
  const query = encodeURIComponent(JSON.stringify(args)).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `[${inert(title)}](command:${command}?${query} "${tooltip.replace(/["\\]/g, '\\$&')}")`;
}

/** A link's words are ours, but a translation may hold a bracket: it must not end the link text. */
function inert(words: string): string {
  return words.replace(/[\\[\]]/g, '\\$&');
}
