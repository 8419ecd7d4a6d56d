// Which 1.x sessions may be forks, from their records alone: OpenCode 1.x (1.18.33, measured) names a fork
// "<title> (fork #N)" and marks it no other way, and its record's totals count the messages it was copied with.
// Those sessions are read whole after connecting, so the store knows their copies (store/copiedHistory.ts) before
// their own figures are shown without them; a fork renamed since is known once its messages are read for another
// reason (its row's usage, a budget window), and one made while connected brings its copies on the live stream.
const MARK = ' (fork #';

export function v1ForkTitle(title: string): boolean {
  const at = title.lastIndexOf(MARK);
  if (at < 0 || !title.endsWith(')')) return false;
  const number = title.slice(at + MARK.length, -1);
  if (!number.length || number.length > 9) return false;
  for (const c of number) if (c < '0' || c > '9') return false;
  return true;
}
