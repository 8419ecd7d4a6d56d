// Basic auth sends the password with every request, readable by anyone on the path unless TLS protects it.
// To this machine (loopback) that is fine; to another one over plain http: the user should know. Pure.

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

/** The host a password would travel to in clear text, or undefined when it does not (https, loopback, none). */
export function clearTextPasswordHost(url: string, password: string | undefined): string | undefined {
  if (!password) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  return parsed.protocol === 'http:' && !LOOPBACK.test(parsed.hostname) ? parsed.host : undefined;
}
