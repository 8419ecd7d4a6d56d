// Whether a URL's host name is this machine: where plain http carries nothing anyone else could read.

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

/** `URL.hostname` of localhost, 127.x.y.z or [::1]. */
export function isLoopbackHostname(hostname: string): boolean {
  return LOOPBACK.test(hostname);
}
