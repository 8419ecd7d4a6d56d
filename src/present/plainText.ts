// Server text (titles, labels) shown where VS Code parses syntax: `$(icon)` in quick picks and the status
// bar, `[text](link)` in notifications. A zero-width space breaks the syntax and keeps the text readable.
const ZWSP = '\u200b';

/** For labels that render `$(icon)`: quick pick labels and descriptions, status bar text. */
export function iconSafe(text: string): string {
  return visibleText(text).replace(/\$\(/g, `$${ZWSP}(`);
}

/** For notification and dialog messages: no icons and no `[label](command:…)` links. */
export function messageSafe(text: string): string {
  return iconSafe(text).replace(/\]\(/g, `]${ZWSP}(`);
}

/**
 * Server text as it may be shown at all: bidi controls (which could make "photo\u202egpj.exe" read as
 * "photoexe.jpg", or reorder a whole row) and zero-width characters (which hide text) are dropped, so what
 * shows is the text in its real order. Applied to every server string a view shows, before any escaping for
 * where it goes (which may add zero-width spaces of its own, on purpose).
 */
export function visibleText(text: string): string {
  return text.replace(INVISIBLE, '');
}

const INVISIBLE = /[\u00ad\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;

/** Messages quote what servers send (ids, titles, errors): a line break in one must not forge a line of the log. */
export function oneLogLine(message: string): string {
  // Each escape made once, not three strings per character: a text of line breaks made 3 strings of garbage per
  // character, and its 10n run read near ×20 its n run in the scale suite.
  // eslint-disable-next-line no-control-regex
  return message.replace(/[\u0000-\u0008\u000a-\u001f\u007f\u2028\u2029]/g, (c) => LOG_ESCAPES.get(c) ?? c);
}

/** The escape of each character oneLogLine replaces (`\u000a`…). */
const LOG_ESCAPES = new Map(
  [...Array.from({ length: 0x20 }, (_, code) => code), 0x7f, 0x2028, 0x2029].map((code) => [
    String.fromCharCode(code),
    `\\u${code.toString(16).padStart(4, '0')}`,
  ]),
);
