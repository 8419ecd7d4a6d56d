// The routes an OpenCode 2 server says it serves: its own OpenAPI document (`GET /openapi.json`, generated from
// the same definitions as its routes: packages/server/src/routes.ts@1066927, `openapiPath`). Read for what the
// extension decides by: which method and path exist, the top-level keys of each request body, and the names of
// each route's query parameters (a list that takes `parentID`, packages/protocol/src/groups/session.ts). Path
// parameters are matched by position, not by name (`{sessionID}` and `{id}` are the same slot).
// Read on every connect, from whatever answers there: linear in the document (each schema walked once per body,
// each `$ref` looked up once), within caps no real document nears, and in slices.
import { isObject } from '../../base/parse';
import { ServerError } from '../transport/serverError';
import { Slices } from '../../base/node/slices';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteBody {
  /** Every top-level key the body may hold. */
  keys: ReadonlySet<string>;
  /** The keys it must hold. */
  required: ReadonlySet<string>;
}

const METHODS: readonly HttpMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
/** `$ref`s followed in a row before a schema is taken as unreadable (a loop, or a document built to be slow). */
const MAX_REF_DEPTH = 8;
/** A longer `$ref` is no reference to a schema of a real document: unreadable. */
const MAX_REF_CHARS = 1_000;
/** Operations read: OpenCode 2 documents about 250; past this the document is too large to be one. */
export const MAX_OPERATIONS = 4_000;
/** Schema nodes, keys and branches read over all bodies: a release's document needs a few thousand. */
export const MAX_SCHEMA_WORK = 500_000;

export class RouteTable {
  private constructor(
    /** `METHOD /path/{}/…` → its body (null when it takes none). */
    private readonly routes: ReadonlyMap<string, RouteBody | null>,
    /** `METHOD /path/{}/…` → the names of its query parameters (absent: none documented). */
    private readonly queries: ReadonlyMap<string, ReadonlySet<string>> = new Map(),
  ) {}

  /**
   * The table of an OpenAPI 3 document; undefined for anything else (an HTML page, an error, other JSON). Throws
   * a ServerError that says so for a document past the caps (then the routes are tried instead).
   */
  static async read(document: unknown): Promise<RouteTable | undefined> {
    if (!isObject(document) || typeof document.openapi !== 'string' || !isObject(document.paths)) return undefined;
    const paths = document.paths;
    const schemas = new Schemas(document);
    const routes = new Map<string, RouteBody | null>();
    const queries = new Map<string, ReadonlySet<string>>();
    let operations = 0;
    for (const path in paths) {
      const item = paths[path];
      if (!Object.hasOwn(paths, path) || !path.startsWith('/') || !isObject(item)) continue;
      for (const method of METHODS) {
        const operation = item[method.toLowerCase()];
        if (!isObject(operation)) continue;
        if (++operations > MAX_OPERATIONS) throw tooLarge(`it names more than ${MAX_OPERATIONS} operations`);
        routes.set(key(method, path), await schemas.body(operation));
        // Parameters shared by the path's operations, then the operation's own.
        const names = schemas.queryNames(item.parameters, operation.parameters);
        if (names.size) queries.set(key(method, path), names);
      }
      if (schemas.slices.due) await schemas.slices.yield();
    }
    return routes.size ? new RouteTable(routes, queries) : undefined;
  }

  get size(): number {
    return this.routes.size;
  }

  has(method: HttpMethod, path: string): boolean {
    return this.routes.has(key(method, path));
  }

  /** Whether the document names `name` among the route's query parameters. */
  takesQuery(method: HttpMethod, path: string, name: string): boolean {
    return this.queries.get(key(method, path))?.has(name) ?? false;
  }

  /** The route's JSON body, if it takes one. */
  body(method: HttpMethod, path: string): RouteBody | undefined {
    return this.routes.get(key(method, path)) ?? undefined;
  }
}

function tooLarge(why: string): ServerError {
  return new ServerError(
    'http',
    `Reading the server’s API document: it is too large to be OpenCode’s (${why}); its routes are tried instead.`,
  );
}

/** `METHOD /path` with every `{slot}` as `{}` and no trailing slash, in one scan (no RegExp over the server's text). */
function key(method: HttpMethod, path: string): string {
  let out = '';
  let at = 0;
  for (;;) {
    const open = path.indexOf('{', at);
    const close = open < 0 ? -1 : path.indexOf('}', open + 1);
    if (close < 0) break;
    out += `${path.slice(at, open)}{}`;
    at = close + 1;
  }
  out += path.slice(at);
  let end = out.length;
  while (end > 0 && out.charCodeAt(end - 1) === 0x2f) end--;
  return `${method} ${out.slice(0, end)}`;
}

/** The document's schemas, each `$ref` resolved once, with a budget of work over the whole document. */
class Schemas {
  readonly slices = new Slices();
  private readonly refs = new Map<string, unknown>();
  private readonly bodies = new Map<object, RouteBody>();
  private work = 0;

  constructor(private readonly document: Record<string, unknown>) {}

  async body(operation: Record<string, unknown>): Promise<RouteBody | null> {
    const body = this.resolve(operation.requestBody);
    const content = isObject(body) && isObject(body.content) ? body.content : undefined;
    const json = content && (content['application/json'] ?? firstValue(content));
    const schema = isObject(json) ? this.resolve(json.schema) : undefined;
    if (!isObject(schema)) return null;
    // Routes that share a body schema (by `$ref`) share its reading.
    const known = this.bodies.get(schema);
    if (known) return known;
    const keys = new Set<string>();
    const required = new Set<string>();
    // An object, or a union of objects (`anyOf`/`oneOf`/`allOf`): every branch's keys count, each schema once.
    const seen = new Set<object>();
    const stack: unknown[] = [schema];
    while (stack.length) {
      const value = this.resolve(stack.pop());
      if (!isObject(value) || seen.has(value)) continue;
      seen.add(value);
      this.spend(1);
      if (isObject(value.properties))
        for (const name in value.properties) {
          this.spend(1);
          if (Object.hasOwn(value.properties, name)) keys.add(name);
        }
      if (Array.isArray(value.required)) {
        this.spend(value.required.length);
        for (const name of value.required) if (typeof name === 'string') required.add(name);
      }
      for (const union of ['anyOf', 'oneOf', 'allOf']) {
        const branches = value[union];
        if (!Array.isArray(branches)) continue;
        this.spend(branches.length);
        for (const branch of branches) stack.push(branch);
      }
      if (this.slices.due) await this.slices.yield();
    }
    const read = { keys, required };
    this.bodies.set(schema, read);
    return read;
  }

  /** The names of the `in: query` parameters in these lists (each entry may be a `$ref`). */
  queryNames(...lists: unknown[]): Set<string> {
    const names = new Set<string>();
    for (const list of lists) {
      if (!Array.isArray(list)) continue;
      this.spend(list.length);
      for (const entry of list) {
        const parameter = this.resolve(entry);
        if (isObject(parameter) && parameter.in === 'query' && typeof parameter.name === 'string') names.add(parameter.name);
      }
    }
    return names;
  }

  private spend(units: number): void {
    this.work += units;
    if (this.work > MAX_SCHEMA_WORK) throw tooLarge(`its request bodies hold more than ${MAX_SCHEMA_WORK} schema parts`);
  }

  /** Follows local `$ref`s (`#/components/…`); anything else is returned as it is. */
  private resolve(node: unknown): unknown {
    let value = node;
    for (let depth = 0; depth < MAX_REF_DEPTH && isObject(value) && typeof value.$ref === 'string'; depth++)
      value = this.target(value.$ref);
    return isObject(value) && typeof value.$ref === 'string' ? undefined : value;
  }

  private target(ref: string): unknown {
    if (this.refs.has(ref)) return this.refs.get(ref);
    this.spend(1);
    let at: unknown = undefined;
    if (ref.startsWith('#/') && ref.length <= MAX_REF_CHARS) {
      at = this.document;
      for (const raw of ref.slice(2).split('/')) {
        const part = raw.replaceAll('~1', '/').replaceAll('~0', '~');
        at = isObject(at) && Object.hasOwn(at, part) ? at[part] : undefined;
        if (at === undefined) break;
      }
    }
    this.refs.set(ref, at);
    return at;
  }
}

function firstValue(record: Record<string, unknown>): unknown {
  for (const name in record) if (Object.hasOwn(record, name)) return record[name];
  return undefined;
}
