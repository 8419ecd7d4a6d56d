// The routes an OpenCode 2 server says it serves: its own OpenAPI document (`GET /openapi.json`, generated from
// the same definitions as its routes: packages/server/src/routes.ts@1066927, `openapiPath`). Read for what the
// extension decides by: which method and path exist, and the top-level keys of each request body. Path
// parameters are matched by position, not by name (`{sessionID}` and `{id}` are the same slot).
import { isObject } from '../../store/parse';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteBody {
  /** Every top-level key the body may hold. */
  keys: ReadonlySet<string>;
  /** The keys it must hold. */
  required: ReadonlySet<string>;
}

const METHODS: readonly HttpMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
/** `$ref`s followed before a schema is taken as unreadable (a loop, or a document built to be slow). */
const MAX_REF_DEPTH = 8;

export class RouteTable {
  private constructor(
    /** `METHOD /path/{}/…` → its body (null when it takes none). */
    private readonly routes: ReadonlyMap<string, RouteBody | null>,
  ) {}

  /** The table of an OpenAPI 3 document; undefined for anything else (an HTML page, an error, other JSON). */
  static read(document: unknown): RouteTable | undefined {
    if (!isObject(document) || typeof document.openapi !== 'string' || !isObject(document.paths)) return undefined;
    const routes = new Map<string, RouteBody | null>();
    for (const [path, item] of Object.entries(document.paths)) {
      if (!path.startsWith('/') || !isObject(item)) continue;
      for (const method of METHODS) {
        const operation = item[method.toLowerCase()];
        if (isObject(operation)) routes.set(key(method, path), requestBody(document, operation));
      }
    }
    return routes.size ? new RouteTable(routes) : undefined;
  }

  get size(): number {
    return this.routes.size;
  }

  has(method: HttpMethod, path: string): boolean {
    return this.routes.has(key(method, path));
  }

  /** The route's JSON body, if it takes one. */
  body(method: HttpMethod, path: string): RouteBody | undefined {
    return this.routes.get(key(method, path)) ?? undefined;
  }
}

function key(method: HttpMethod, path: string): string {
  return `${method} ${path.replace(/\{[^}]*\}/g, '{}').replace(/\/+$/, '')}`;
}

function requestBody(document: Record<string, unknown>, operation: Record<string, unknown>): RouteBody | null {
  const body = resolve(document, operation.requestBody);
  const content = isObject(body) && isObject(body.content) ? body.content : undefined;
  const json = content && (content['application/json'] ?? Object.values(content)[0]);
  const schema = isObject(json) ? resolve(document, json.schema) : undefined;
  if (!isObject(schema)) return null;
  const keys = new Set<string>();
  const required = new Set<string>();
  // An object, or a union of objects (`anyOf`/`oneOf`/`allOf`): every branch's keys count.
  const visit = (node: unknown, depth: number) => {
    const value = resolve(document, node);
    if (!isObject(value) || depth > MAX_REF_DEPTH) return;
    if (isObject(value.properties)) for (const name of Object.keys(value.properties)) keys.add(name);
    if (Array.isArray(value.required)) for (const name of value.required) if (typeof name === 'string') required.add(name);
    for (const union of ['anyOf', 'oneOf', 'allOf'])
      if (Array.isArray(value[union])) for (const branch of value[union] as unknown[]) visit(branch, depth + 1);
  };
  visit(schema, 0);
  return { keys, required };
}

/** Follows local `$ref`s (`#/components/…`); anything else is returned as it is. */
function resolve(document: Record<string, unknown>, node: unknown): unknown {
  let value = node;
  for (let depth = 0; depth < MAX_REF_DEPTH && isObject(value) && typeof value.$ref === 'string'; depth++) {
    const ref = value.$ref;
    if (!ref.startsWith('#/')) return undefined;
    value = ref
      .slice(2)
      .split('/')
      .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
      .reduce<unknown>((at, part) => (isObject(at) && Object.hasOwn(at, part) ? at[part] : undefined), document);
  }
  return isObject(value) && typeof value.$ref === 'string' ? undefined : value;
}
