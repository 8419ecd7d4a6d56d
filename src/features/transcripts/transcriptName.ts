// A transcript's file name, and which transcript a Markdown preview shows (pure). A preview is a webview: it names no
// document, only its tab's label ("Preview <file name>" in the user's language), so the file name is what the tab
// reads: the session's title (the session id is the URI's folder or query, not the name: a user knows a session by
// its title). It keeps `.md`: the preview opens a link in place only to a document VS Code takes for Markdown, which
// it decides by the extension when it opens it. The preview's label is matched exactly: as recorded when this
// extension opened it (while a tab of that label is open), else as ending in an open transcript's whole file name (two
// of one title, or an open workspace file of that name: neither is guessed).

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

/** Transcripts of one label kept: more than anyone keeps open (a preview is one per transcript). */
const SAME_LABEL_KEPT = 20;

/**
 * Records that a preview of `uri` opened under `label`. Two sessions of one title share a label (the id is not in the
 * name): from then on that label names neither, so that Export Transcript never exports the other session's, but each
 * is still one a preview of it may show (it stays followed).
 */
export function recordPreview(recorded: Map<string, string[]>, label: string, uri: string, kept: number): void {
  const before = recorded.get(label) ?? [];
  recorded.delete(label);
  recorded.set(label, before.includes(uri) ? before : [...before, uri].slice(-SAME_LABEL_KEPT));
  if (recorded.size > kept) recorded.delete(recorded.keys().next().value!);
}

/**
 * Forgets the labels no tab shows any more: a label stands for a transcript only while its preview is open (a
 * workspace file's preview of that name, opened later, is not the transcript).
 */
export function forgetClosedPreviews(recorded: Map<string, string[]>, shown: ReadonlySet<string>): void {
  for (const label of recorded.keys()) if (!shown.has(label)) recorded.delete(label);
}

/**
 * Whether a preview tab of this label reads as the preview of a file of this name: `<prefix> <name>` where the
 * preview's word is known ("Preview" in English, or as learnt from a preview opened here), else any words before the
 * name (then "Preview Fix login.md" fits "login.md" too: review of issue 74).
 */
const labelFits = (label: string, fileName: string, prefix?: string) =>
  label === fileName || (prefix === undefined ? label.endsWith(` ${fileName}`) : label === `${prefix} ${fileName}`);

/** The words a preview's label puts before the file name, read from a label and the name it shows; none if not so. */
export function previewPrefix(label: string, fileName: string): string | undefined {
  return label.length > fileName.length + 1 && label.endsWith(` ${fileName}`) ? label.slice(0, -fileName.length - 1) : undefined;
}

/**
 * The transcript a preview tab of this label shows: the one recorded for exactly this label when it was opened, else
 * the only open transcript whose whole file name ends the label after the preview's word (`prefix`, where known) and
 * a space (a preview VS Code opened, e.g. from a link); none when no transcript or more than one fits, or when an open document that is no transcript (`others`: its
 * file name) fits too (a README's preview exports nothing).
 */
export function previewedTranscript(
  label: string,
  recorded: ReadonlyMap<string, readonly string[]>,
  open: Iterable<{ fileName: string; uri: string }>,
  others: Iterable<string> = [],
  prefix?: string,
): string | undefined {
  for (const fileName of others) if (labelFits(label, fileName, prefix)) return undefined;
  const known = recorded.get(label);
  if (known !== undefined) return known.length === 1 ? known[0] : undefined;
  let found: string | undefined;
  for (const { fileName, uri } of open) {
    if (!labelFits(label, fileName, prefix)) continue;
    if (found !== undefined && found !== uri) return undefined;
    found = uri;
  }
  return found;
}
