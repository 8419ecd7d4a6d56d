// The release-shape adapter's pairing (packages/protocol/src/groups/server.ts@8f1e7f9, `server.pair` and
// `server.connect`; packages/server/src/handlers/server.ts): `POST /api/pair` (with the password) makes a short,
// single-use code `{code, expires_in}`; `GET /auth/connect/{code}` (no credentials: process.ts lets that one path
// through) answers a JSON client `{token}` once, a session token then taken as the Basic password of user `opencode`
// beside the server's own; a used or expired code is 401 `UnauthorizedError` "Pairing link expired or already used".
// The lifetime is the adapter's own choice (the source read does not say 2.x's): long enough that no test outlives
// it, and `expireAll` stands for time passing.
import { randomBytes, randomInt } from 'node:crypto';

/** What `expires_in` says, in seconds. */
const CODE_LIFETIME_S = 300;
/** Letters and digits a person reads without confusing them (no 0/O, 1/I/L). */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const CODE_LENGTH = 8;

export const PAIRING_REFUSED = 'Pairing link expired or already used';

export class ReleasePairing {
  /** Each unused code and when it expires (ms since the epoch). */
  private readonly codes = new Map<string, number>();
  private readonly tokens = new Set<string>();

  issue(): { code: string; expires_in: number } {
    let code = '';
    for (let i = 0; i < CODE_LENGTH; i++) code += ALPHABET[randomInt(ALPHABET.length)];
    this.codes.set(code, Date.now() + CODE_LIFETIME_S * 1000);
    return { code, expires_in: CODE_LIFETIME_S };
  }

  /** The new session token for a code that is unused and not expired; undefined otherwise. Spends the code. */
  consume(code: string): string | undefined {
    const expires = this.codes.get(code);
    this.codes.delete(code);
    if (expires === undefined || expires <= Date.now()) return undefined;
    const token = randomBytes(32).toString('base64url');
    this.tokens.add(token);
    return token;
  }

  /** Whether `password` is a session token this server gave. */
  accepts(password: string): boolean {
    return this.tokens.has(password);
  }

  /** Every code issued so far is now past its lifetime, as if it had been left unused that long. */
  expireAll(): void {
    for (const code of this.codes.keys()) this.codes.set(code, 0);
  }
}
