// How soon a followed transcript is read again after its session moves (transcriptDocuments.ts). A move costs this
// extension what changed (TranscriptRender keeps the blocks and joins them once per read), but each change told to
// VS Code makes it read the whole text again: 0.5-1.1 s for a transcript of 38.7 M characters (5 000 steps), plus the
// join and the copy to it here. So a large transcript follows less often, in proportion to its size, rather than
// offer a Refresh: it stays live, and the time VS Code spends reading it again stays a small share (about 5 %)
// whatever its length. Up to 600 K characters (a few hundred ordinary steps) it follows at once, as before.

/** Moves of a transcript gather this long before its newest messages are read again. */
export const FOLLOW_MS = 300;
/** Past FOLLOW_MS × this many characters, a millisecond more per this many (0.5 s per million characters). */
const CHARS_PER_MS = 2_000;

/** The wait before a followed transcript of `chars` characters is read again. */
export function followDelay(chars: number): number {
  return Math.max(FOLLOW_MS, Math.ceil(chars / CHARS_PER_MS));
}
