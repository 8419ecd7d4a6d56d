// A transcript's file name, and which transcript a Markdown preview shows (pure). A preview is a webview: it names no
// document, only its tab's label ("Preview <file name>" in the user's language), so the file name is what the tab
// reads: the session's title (the session id is the URI's folder or query, not the name: a user knows a session by
// its title). It keeps `.md`: the preview opens a link in place only to a document VS Code takes for Markdown, which
// it decides by the extension when it opens it. The preview's label is matched exactly: as recorded when this
// extension opened it, else as ending in an open transcript's whole file name (two of one title: neither is guessed).

/** `<title>.md`: letters, digits, marks, spaces and a few marks of punctuation of the title; `transcript` for none. */
export function transcriptFileName(title: string): string {
  const name =
    title
      .slice(0, 200)
      // No `/` or `\`, nothing Windows refuses in a file name (an export starts from it), no `#`, `%` or `?`.
      .replace(/[^\p{L}\p{N}\p{M} _.,'()!&+-]+/gu, ' ')
      .trim()
      .slice(0, 60)
      .trim() || 'transcript';
  return `${name}.md`;
}

/** What a label recorded for two transcripts maps to: a preview of that label shows neither for sure. */
const AMBIGUOUS = '';

/**
 * Records that a preview of `uri` opened under `label`. Two sessions of one title share a label (the id is not in the
 * name): from then on that label names neither, so that Export Transcript never exports the other session's.
 */
export function recordPreview(recorded: Map<string, string>, label: string, uri: string, kept: number): void {
  const before = recorded.get(label);
  recorded.delete(label);
  recorded.set(label, before !== undefined && before !== uri ? AMBIGUOUS : uri);
  if (recorded.size > kept) recorded.delete(recorded.keys().next().value!);
}

/**
 * The transcript a preview tab of this label shows: the one recorded for exactly this label when it was opened, else
 * the only open transcript whose whole file name ends the label after a space (a preview VS Code opened, e.g. from a
 * link); none when no transcript or more than one fits (a README's preview exports nothing).
 */
export function previewedTranscript(
  label: string,
  recorded: ReadonlyMap<string, string>,
  open: Iterable<{ fileName: string; uri: string }>,
): string | undefined {
  const known = recorded.get(label);
  if (known !== undefined) return known === AMBIGUOUS ? undefined : known;
  let found: string | undefined;
  for (const { fileName, uri } of open) {
    if (label !== fileName && !label.endsWith(` ${fileName}`)) continue;
    if (found !== undefined && found !== uri) return undefined;
    found = uri;
  }
  return found;
}
