// An OpenCode 2 server's own contract: the OpenAPI document it serves at `GET /openapi.json`, generated from the
// same definitions as its routes (2.0.26: packages/server/src/routes.ts@1066927b, `openapiPath: "/openapi.json"`;
// the older 2-line build of 2026-08-07 serves one too). Where 2.x releases and that older build differ (the wait
// route, the permission reply's body, form state, the per-turn diff), the harness and the OpenCode 2 tests ask the
// running server's document which route and body it takes, never a version string. Read once per server.

/** What a call needs of a running server (`OpencodeServer`, a service, the forms helper's server). */
export interface ContractTarget {
  url: string;
  authHeaders(): Record<string, string>;
}

export interface Contract {
  /** Whether the document names this route, e.g. `offers('post', '/api/session/{sessionID}/wait')`. */
  offers(method: string, path: string): boolean;
  /** The first of these paths the document names for `method` (the releases' route first, the older build's after). */
  first(method: string, ...paths: string[]): string | undefined;
  /** The request body's property names for a route (`[]` without a JSON object body). */
  bodyKeys(method: string, path: string): string[];
  /** The route (its path as the document writes it) a request to `path` goes to, or undefined if none matches. */
  routeOf(method: string, path: string): string | undefined;
}

interface Schema {
  $ref?: string;
  properties?: Record<string, unknown>;
  allOf?: Schema[];
  anyOf?: Schema[];
}
interface Operation {
  requestBody?: { content?: Record<string, { schema?: Schema }> };
}
interface Document {
  paths?: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
}

const read = new Map<string, Promise<Contract>>();

/** The server's document, read on the first call for its URL; a failed read is asked again next time. */
export function contractOf(server: ContractTarget): Promise<Contract> {
  let contract = read.get(server.url);
  if (!contract) {
    contract = fetchContract(server);
    read.set(server.url, contract);
    contract.catch(() => read.delete(server.url));
  }
  return contract;
}

/** Forgets a server's document (its URL may serve another server later: a restart on the same port). */
export function forgetContract(url: string): void {
  read.delete(url);
}

async function fetchContract(server: ContractTarget): Promise<Contract> {
  const response = await fetch(`${server.url}/openapi.json`, { headers: server.authHeaders(), signal: AbortSignal.timeout(30_000) });
  const text = await response.text();
  if (!response.ok) throw new Error(`GET /openapi.json: HTTP ${response.status} ${text.slice(0, 200)}`);
  return contractFrom(JSON.parse(text) as Document);
}

/** `/api/session/{sessionID}/form/{formID}` → `/api/session/{}/form/{}`: routes compare without parameter names. */
export function routeShape(path: string): string {
  return path.replace(/\{[^}]*\}/g, '{}');
}

export function contractFrom(document: Document): Contract {
  const operations = new Map<string, Operation>();
  const patterns: Array<{ method: string; path: string; pattern: RegExp }> = [];
  for (const [path, methods] of Object.entries(document.paths ?? {}))
    for (const [method, operation] of Object.entries(methods)) {
      operations.set(`${method.toUpperCase()} ${routeShape(path)}`, operation);
      patterns.push({ method: method.toUpperCase(), path, pattern: pathPattern(path) });
    }
  // A literal segment wins over a parameter (`/api/session/active` is not `/api/session/{sessionID}`).
  patterns.sort((a, b) => b.path.replace(/\{[^}]*\}/g, '').length - a.path.replace(/\{[^}]*\}/g, '').length);
  const key = (method: string, path: string) => `${method.toUpperCase()} ${routeShape(path)}`;
  const schemas = document.components?.schemas ?? {};
  const propertiesOf = (schema: Schema | undefined, depth = 0): string[] => {
    if (!schema || depth > 8) return [];
    const referenced = schema.$ref ? schemas[schema.$ref.replace('#/components/schemas/', '')] : undefined;
    return [
      ...Object.keys(schema.properties ?? {}),
      ...propertiesOf(referenced, depth + 1),
      ...(schema.allOf ?? []).flatMap((s) => propertiesOf(s, depth + 1)),
      ...(schema.anyOf ?? []).flatMap((s) => propertiesOf(s, depth + 1)),
    ];
  };
  return {
    routeOf: (method, path) => patterns.find((p) => p.method === method.toUpperCase() && p.pattern.test(path))?.path,
    offers: (method, path) => operations.has(key(method, path)),
    first: (method, ...paths) => paths.find((path) => operations.has(key(method, path))),
    bodyKeys: (method, path) => [
      ...new Set(propertiesOf(operations.get(key(method, path))?.requestBody?.content?.['application/json']?.schema)),
    ],
  };
}

/** `/api/session/{sessionID}/form/{formID}` matches `/api/session/ses_1/form/frm_2`; `/api/fs/read/*` any rest. */
function pathPattern(path: string): RegExp {
  const escaped = path.replace(/[.+?^$()|[\]\\]/g, '\\$&');
  return new RegExp(`^${escaped.replace(/\{[^}]*\}/g, '[^/]+').replace(/\*/g, '.*')}$`);
}
