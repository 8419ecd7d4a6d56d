// A transcript's file name, and which transcript a Markdown preview shows (pure). A preview is a webview: it names no
// document, only its tab's label ("Preview <file name>" in the user's language). So each file name is unique (the
// title, then a short session id: two sessions of one title, or a README, never share one), and the preview's label
// is matched exactly: as recorded when this extension opened it, else as ending in a transcript's whole file name.

/** The session id's last characters: its random part (OpenCode's ids start with the time). */
const SHORT_ID = 8;

/** `<title> (<short session id>).md`: letters, digits, spaces, `_` and `-` of the title; `transcript` for none. */
export function transcriptFileName(title: string, sessionId: string): string {
  const name =
    title
      .slice(0, 200)
      .replace(/[^\p{L}\p{N} _-]+/gu, ' ')
      .trim()
      .slice(0, 60)
      .trim() || 'transcript';
  const id = sessionId
    .slice(-SHORT_ID * 4)
    .replace(/[^\p{L}\p{N}_-]+/gu, '')
    .slice(-SHORT_ID);
  return id ? `${name} (${id}).md` : `${name}.md`;
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
  if (known) return known;
  let found: string | undefined;
  for (const { fileName, uri } of open) {
    if (label !== fileName && !label.endsWith(` ${fileName}`)) continue;
    if (found !== undefined && found !== uri) return undefined;
    found = uri;
  }
  return found;
}
