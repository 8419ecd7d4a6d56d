// The names a cluster gives (Tasks, Agents, Pods and their namespaces, from its watch) are checked against
// Kubernetes' own rules before any URL is built from them: a URL resolves the segments `.` and `..` away, so a Task
// named `..` turned Stop Task into `POST /api/v1/stop` (or a namespace `.` into `PATCH …/namespaces/team/`) with the
// user's credentials. Names of objects are DNS-1123 subdomains, namespaces DNS-1123 labels; anything else is refused
// here, before a request is made. Read by a loop over the characters (no RegExp on the cluster's text).

/** The longest DNS-1123 subdomain (an object's name). */
export const MAX_SUBDOMAIN_CHARS = 253;
/** The longest DNS-1123 label (a namespace). */
export const MAX_LABEL_CHARS = 63;
/** How much of a refused name its error shows (escaped). */
const SHOWN_CHARS = 100;

export type KubeNameKind = 'namespace' | 'Task' | 'Agent' | 'Pod';

/** Thrown for a name that is not a Kubernetes name: no request was made with it. */
export class NotAKubeName extends Error {
  constructor(
    readonly kind: KubeNameKind,
    readonly value: string,
  ) {
    const rule =
      kind === 'namespace'
        ? `a DNS-1123 label: at most ${MAX_LABEL_CHARS} lower-case letters, digits and “-”, a letter or digit at each end`
        : `a DNS-1123 subdomain: at most ${MAX_SUBDOMAIN_CHARS} lower-case letters, digits, “-” and “.”, a letter or digit at each end and around each “.”`;
    super(
      `The cluster gave ${kind === 'namespace' ? 'a namespace' : `a ${kind}`} named ${shownKubeName(value)}, which is not a Kubernetes name (${rule}); nothing was sent for it.`,
    );
  }
}

/** `name` itself when it is a Kubernetes name of its kind, for a URL; else NotAKubeName. The one check. */
export function kubeName(kind: KubeNameKind, name: string): string {
  if (kind === 'namespace' ? isDns1123Label(name) : isDns1123Subdomain(name)) return name;
  throw new NotAKubeName(kind, name);
}

/** `namespaces/{namespace}/{resource}/{name}`, both names checked (kubeName). */
export function namespacedPath(namespace: string, resource: string, kind: Exclude<KubeNameKind, 'namespace'>, name: string): string {
  return `namespaces/${kubeName('namespace', namespace)}/${resource}/${kubeName(kind, name)}`;
}

/** Lower-case letters, digits and `-`, a letter or digit at each end, 1 to 63 characters (`[a-z0-9]([-a-z0-9]*[a-z0-9])?`). */
export function isDns1123Label(text: unknown): boolean {
  if (typeof text !== 'string' || text.length === 0 || text.length > MAX_LABEL_CHARS) return false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (isAlphanumeric(c)) continue;
    if (c !== DASH || i === 0 || i === text.length - 1) return false;
  }
  return true;
}

/** DNS-1123 labels joined by `.`, 1 to 253 characters in all (Kubernetes' IsDNS1123Subdomain). */
export function isDns1123Subdomain(text: unknown): boolean {
  if (typeof text !== 'string' || text.length === 0 || text.length > MAX_SUBDOMAIN_CHARS) return false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (isAlphanumeric(c)) continue;
    if (c !== DASH && c !== DOT) return false;
    // `-` and `.` sit between letters or digits, but for `-` next to `-`; `.` never next to either.
    const before = i === 0 ? -1 : text.charCodeAt(i - 1);
    const after = i === text.length - 1 ? -1 : text.charCodeAt(i + 1);
    if (before === -1 || after === -1) return false;
    if (c === DOT && (!isAlphanumeric(before) || !isAlphanumeric(after))) return false;
  }
  return true;
}

const DASH = 0x2d;
const DOT = 0x2e;

function isAlphanumeric(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39);
}

/** The name quoted as the error shows it: its start only, every character outside printable ASCII escaped. */
export function shownKubeName(value: unknown): string {
  const text = typeof value === 'string' ? value : String(value);
  let out = '';
  let i = 0;
  for (; i < text.length && out.length < SHOWN_CHARS; i++) {
    const c = text.charCodeAt(i);
    out += c >= 0x20 && c < 0x7f && c !== 0x22 && c !== 0x5c ? text[i] : `\\u${c.toString(16).padStart(4, '0')}`;
  }
  return `"${out}${i < text.length ? '…' : ''}"${i < text.length ? ` (${text.length} characters)` : ''}`;
}
