// How a session is named wherever it is shown: its title, or a fixed stand-in while it has none (OpenCode
// titles a session only after its first reply); a kubeopencode Task's session by its Task. Raw text: each view
// escapes it for where it goes.
import { taskOfTitle } from '../store/k8s/liveTaskSession';
import { messageSafe, visibleText } from './plainText';

/** Longer titles are cut for display: a 100 KB title must not fill a row, a tooltip or a quick pick. */
export const MAX_TITLE_LENGTH = 200;
/** Enough of a title to fill MAX_TITLE_LENGTH once invisible characters are dropped, short of a title made of them. */
const HEAD = MAX_TITLE_LENGTH * 8;

export function sessionTitle(info: { title?: string }): string {
  // Only the head of a long title is cleaned (rows redraw every second): what is cut is never shown.
  const raw = info.title ?? '';
  const title = visibleText(raw.length > HEAD ? raw.slice(0, HEAD) : raw);
  // kubeopencode titles a Task's session with a machine path (its namespace, the Task, part of its uid): the
  // Task's name is what a person knows it by (the full title stays in the session's tooltip).
  const task = taskOfTitle(title);
  return shortened(task ? `Task ${task.name}` : title || 'Untitled session', MAX_TITLE_LENGTH);
}

/** At most `max` characters (code points, so no emoji is cut in half), ending in "…" when cut. */
export function shortened(text: string, max: number): string {
  if (text.length <= max) return text;
  let count = 0;
  let end = 0;
  let cut = 0;
  for (const char of text) {
    if (count === max - 1) cut = end;
    count += 1;
    end += char.length;
    if (count > max) return `${text.slice(0, cut)}…`;
  }
  return text;
}

/** The title for notifications and dialogs: quoted, and unable to render as a link or an icon. */
export function quotedTitle(info: { title?: string }): string {
  return `“${messageSafe(sessionTitle(info))}”`;
}
