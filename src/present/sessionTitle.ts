// How a session is named wherever it is shown: its title, or a fixed stand-in while it has none (OpenCode
// titles a session only after its first reply). Raw text: each view escapes it for where it goes.
import { messageSafe } from './plainText';

export function sessionTitle(info: { title?: string }): string {
  return info.title || 'Untitled session';
}

/** The title for notifications and dialogs: quoted, and unable to render as a link or an icon. */
export function quotedTitle(info: { title?: string }): string {
  return `“${messageSafe(sessionTitle(info))}”`;
}
