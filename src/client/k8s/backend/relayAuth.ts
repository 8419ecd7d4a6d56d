// The random Basic-auth password both Agent relays require: anything on this machine can connect to a
// loopback port (other users on a shared host, a web page through DNS rebinding), and whoever gets through
// reaches the Agent with the user's cluster credentials.
import { randomBytes, timingSafeEqual } from 'node:crypto';

export const RELAY_USER = 'opencode';

export interface RelayAuth {
  readonly password: string;
  /** True when `header` (an Authorization header's value) carries this relay's password. */
  accepts(header: string | undefined): boolean;
}

export function newRelayAuth(): RelayAuth {
  const password = randomBytes(24).toString('base64url');
  const expected = Buffer.from(`Basic ${Buffer.from(`${RELAY_USER}:${password}`).toString('base64')}`);
  return {
    password,
    accepts: (header) => {
      const given = Buffer.from(header ?? '');
      return given.length === expected.length && timingSafeEqual(given, expected);
    },
  };
}
