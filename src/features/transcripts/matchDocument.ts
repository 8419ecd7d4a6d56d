// The one document per transcript that shows it at a search match (its URI with MATCH_FRAGMENT, matchAnchor.ts): the
// transcript's rendering with the match marked, made again only when the rendering or the match moved.
import * as vscode from 'vscode';
import { markedText } from './matchAnchor';
import { partEnd, type RenderedTranscript } from './transcriptMarkdown';

/** A search match in a transcript: its part, and the query's words (lower-case), the first met there is marked. */
export interface MatchPlace {
  partId: string;
  words: readonly string[];
}

/** Lines above a part looked at for its heading: more than a screen (a heading further up cannot show with the word). */
const HEADING_WINDOW = 200;

/** The lines just above a part's (and its own) where a message or part starts: where its heading may be. */
function headsAbove(rendered: RenderedTranscript, line: number): Set<number> {
  const heads = new Set<number>();
  for (const start of rendered.lines.values()) if (start <= line && start >= line - HEADING_WINDOW) heads.add(start);
  return heads;
}

/** How long VS Code may take to read a document again once told it changed (a busy machine) before it is not waited for. */
const REREAD_WAIT_MS = 10_000;

export class MatchDocument {
  /** Where the document marks the match. */
  place?: MatchPlace;
  private marked?: { version: number; place: MatchPlace; text: string };

  /** The text last made: what VS Code was given. */
  get text(): string | undefined {
    return this.marked?.text;
  }

  /** The rendering (at `version`) with the place marked; the rendering's text when no place is, or the part is not in it. */
  async textOf(rendered: RenderedTranscript, version: number): Promise<string> {
    const place = this.place;
    if (!place) return rendered.text;
    if (this.marked?.version === version && this.marked.place === place) return this.marked.text;
    // Read now: the rendering's lines are kept in place as it moves on.
    const text = rendered.text;
    const line = rendered.lines.get(place.partId);
    const marked =
      line === undefined ? undefined : await markedText(text, line, partEnd(rendered.lines, line), place.words, headsAbove(rendered, line));
    this.marked = { version, place, text: marked ?? text };
    return this.marked.text;
  }

  /**
   * Resolves once VS Code's copy of the document at `uri`, if it has one open, shows this text (`fire` tells it the
   * document changed): a preview opened before would start at the last match.
   */
  async shown(uri: vscode.Uri, current: string, fire: () => void): Promise<void> {
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (!document || document.getText() === current) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        changes.dispose();
        resolve();
      };
      const changes = vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document === document && (document.isClosed || document.getText() === this.text)) done();
      });
      const timer = setTimeout(done, REREAD_WAIT_MS);
      fire();
    });
  }
}
