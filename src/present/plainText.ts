// Server text (titles, labels) shown where VS Code parses syntax: `$(icon)` in quick picks and the status
// bar, `[text](link)` in notifications. A zero-width space breaks the syntax and keeps the text readable.
const ZWSP = '\u200b';

/** For labels that render `$(icon)`: quick pick labels and descriptions, status bar text. */
export function iconSafe(text: string): string {
  return text.replace(/\$\(/g, `$${ZWSP}(`);
}

/** For notification and dialog messages: no icons and no `[label](command:…)` links. */
export function messageSafe(text: string): string {
  return iconSafe(text).replace(/\]\(/g, `]${ZWSP}(`);
}
