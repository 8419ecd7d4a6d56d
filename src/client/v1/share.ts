// Whether a 1.x server still shares sessions: OpenCode discontinued sharing in 1.19.1 (its release notes: "Session
// sharing has been discontinued"), so a server of that version or later is not offered Share or Unshare. A version
// it did not say, or one that is not numbers, is taken as one that shares: the server's own answer says otherwise.

/** The first version without sharing. */
const SHARE_ENDED: readonly number[] = [1, 19, 1];

export function v1SharesSessions(version: string | undefined): boolean {
  const numbers = versionNumbers(version);
  if (!numbers) return true;
  for (let i = 0; i < SHARE_ENDED.length; i++) {
    if (numbers[i] !== SHARE_ENDED[i]) return numbers[i] < SHARE_ENDED[i];
  }
  return false;
}

/** "1.19.1", "1.19.1-beta.2" → [1, 19, 1]; anything else none. Reads at most the first 64 characters. */
function versionNumbers(version: string | undefined): number[] | undefined {
  if (typeof version !== 'string') return undefined;
  const numbers: number[] = [];
  let current = '';
  for (const ch of version.slice(0, 64)) {
    if (ch >= '0' && ch <= '9') current += ch;
    else if (ch === '.' && current && numbers.length < 2) {
      numbers.push(Number(current));
      current = '';
    } else break;
  }
  if (!current || numbers.length !== 2) return undefined;
  numbers.push(Number(current));
  return numbers;
}
