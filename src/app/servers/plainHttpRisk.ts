// Basic auth (and a bearer token) goes out with every request, readable by anyone on the path unless TLS protects it.
// To this machine (loopback) that is fine; to another one over plain http: the user should know. Pure.
import { isLoopbackHostname } from '../../client/transport/loopback';

/** The host a password would travel to in clear text, or undefined when it does not (https, loopback, none). */
export function clearTextPasswordHost(url: string, password: string | undefined): string | undefined {
  if (!password) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  return parsed.protocol === 'http:' && !isLoopbackHostname(parsed.hostname) ? parsed.host : undefined;
}
