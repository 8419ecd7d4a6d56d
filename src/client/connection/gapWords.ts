// What the log says of each session after a gap in OpenCode 2's event stream: how what it did meanwhile was made
// whole again (its log replayed, or its messages read again, and why).
import type { RereadReason } from '../serverApi';

const WHY: Record<RereadReason, string> = {
  'not retained':
    'its log kept nothing past the last event applied here (a stock OpenCode 2 keeps no event payloads): its messages are read again',
  'no log route': 'the server offers no session log: its messages are read again',
  'log failed': 'its log could not be replayed (cut short, stalled or refused): its messages are read again',
  'made-up sequence': 'an event sequence far past its last came (malformed): its messages are read again',
  'too much held': 'too many of its events arrived while its log was replayed: its messages are read again',
  'moved while idle': 'it was idle when the event stream dropped and changed meanwhile: its messages are read again',
};

/** One line for the log: how a session's gap was closed (`replayed` from its log, or read again and why). */
export function gapClosed(server: string, sessionId: string, way: RereadReason | 'replayed'): string {
  const how = way === 'replayed' ? "what it did while the event stream was down was replayed from the server's log" : WHY[way];
  return `${server}: ${sessionId} after the gap in the event stream: ${how}.`;
}
