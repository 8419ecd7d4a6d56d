// A share link comes from the server: any string. Only a web address may reach openExternal (a `file:`,
// `vscode:` or custom-handler URI would run whatever handles it): https anywhere, http only to this machine.
// Pure (no `vscode`), so it is unit-tested.

import { isLoopbackHostname } from '../../../client/transport/loopback';

/** Undefined when `link` may be opened in a browser; otherwise why not, for the user. */
export function shareLinkProblem(link: string): string | undefined {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return 'it is not a URL';
  }
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:' && isLoopbackHostname(url.hostname)) return undefined;
  if (url.protocol === 'http:') return 'it is a plain http: address on another machine (only https: is opened)';
  return `its scheme ${url.protocol} is not https:`;
}
