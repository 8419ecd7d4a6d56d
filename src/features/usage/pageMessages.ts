// What the usage page posts is checked at run time against WebviewToHost before the host acts on it: the
// page shows server text, so a message is data to verify, never trusted for its declared type.
import type { ExportFormat, WebviewToHost } from './protocol';

const FORMATS: readonly ExportFormat[] = ['csv', 'json'];
/** A message id as servers of both generations make them (`msg_…`): letters, digits, `_` and `-` only. */
const MESSAGE_ID = /^[A-Za-z0-9_-]{1,200}$/;

/** The message as its protocol type, or undefined for anything malformed. */
export function pageMessage(raw: unknown): WebviewToHost | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  const m = raw as Record<string, unknown>;
  const names = Object.keys(m);
  // Every message has at most two keys: one with more is refused before its keys are sorted.
  if (names.length > 2) return undefined;
  const keys = names.sort().join(',');
  switch (m.type) {
    case 'ready':
    case 'retryTrend':
      return keys === 'type' ? { type: m.type } : undefined;
    case 'export':
      return keys === 'format,type' && FORMATS.includes(m.format as ExportFormat)
        ? { type: 'export', format: m.format as ExportFormat }
        : undefined;
    case 'showTurnChanges':
      return keys === 'messageID,type' && typeof m.messageID === 'string' && MESSAGE_ID.test(m.messageID)
        ? { type: 'showTurnChanges', messageID: m.messageID }
        : undefined;
    case 'timelineShown':
      return keys === 'shown,type' && typeof m.shown === 'boolean' ? { type: 'timelineShown', shown: m.shown } : undefined;
    default:
      return undefined;
  }
}

/** A malformed message, shortened for the log (it is page data: never shown as markup). */
export function describeMalformed(raw: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(raw) ?? String(raw);
  } catch {
    text = Object.prototype.toString.call(raw);
  }
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
