// The routes an OpenCode 2 release serves (2.0.26, commit 1066927), as an OpenAPI document like the one it
// answers on `GET /openapi.json` (packages/server/src/routes.ts, `openapiPath`): each route with the top-level keys
// of its JSON body (required ones marked `!`), read from its protocol groups (packages/protocol/src/groups/<file>.ts,
// named per block). Only what the extension decides by is in it: methods, paths, body keys, and the query parameters
// of the session list (`directory|project(+subpath)&limit&order&search&parentID&cursor`, session.ts, where
// `parentID=null` lists roots only). `without` drops routes,
// as a later release might; the release-shape adapter (releaseAdapter.ts) serves the document of `ADAPTER_ROUTES`.
export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type Row = [Method, string, string[]?, string[]?];

const S = '/api/session/{sessionID}';

const ROUTES: Row[] = [
  // server.ts
  ['get', '/api/info'],
  ['post', '/api/pair'],
  ['get', '/auth/connect/{code}'],
  // session.ts
  ['get', '/api/session', undefined, ['directory', 'project', 'subpath', 'limit', 'order', 'search', 'parentID', 'cursor']],
  ['get', '/api/experimental/session/stats'],
  ['post', '/api/session', ['id', 'parentID', 'title', 'agent', 'model', 'location', 'metadata', 'permissions']],
  ['post', '/api/experimental/session/import', ['info!', 'messages!', 'location']],
  ['get', '/api/experimental/session/{sessionID}/export'],
  ['get', '/api/session/active'],
  ['get', S],
  ['delete', S],
  ['post', `${S}/fork`, ['before']],
  ['post', `${S}/agent`, ['agent!']],
  ['post', `${S}/model`, ['model!']],
  ['patch', S, ['title', 'metadata', 'permissions']],
  ['post', `${S}/move`, ['directory!', 'delivery']],
  ['post', `${S}/prompt`, ['id', 'text!', 'files', 'agents', 'skills', 'metadata', 'delivery', 'resume']],
  ['post', `${S}/command`, ['name!', 'text', 'files', 'agents', 'delivery']],
  ['post', '/api/experimental/session/{sessionID}/skill', ['id!', 'resume']],
  ['post', `${S}/synthetic`, ['id', 'text!', 'description', 'metadata', 'delivery', 'resume']],
  ['post', `${S}/shell`, ['id', 'command!']],
  ['post', `${S}/compact`, ['id', 'delivery']],
  ['post', '/api/experimental/session/{sessionID}/wait'],
  ['post', `${S}/revert/stage`, ['messageID!', 'files']],
  ['delete', `${S}/revert`],
  ['post', `${S}/revert/commit`],
  ['get', `${S}/context`],
  ['get', `${S}/diff`],
  ['get', `${S}/inbox`],
  ['delete', `${S}/inbox/{inboxID}`],
  ['patch', `${S}/inbox/{inboxID}`, ['delivery!']],
  ['get', '/api/experimental/session/{sessionID}/instructions/entries'],
  ['put', '/api/experimental/session/{sessionID}/instructions/entries/{key}', ['value!']],
  ['delete', '/api/experimental/session/{sessionID}/instructions/entries/{key}'],
  ['post', `${S}/generate`, ['prompt!']],
  ['get', '/api/experimental/session/{sessionID}/log'],
  ['post', `${S}/interrupt`],
  ['post', `${S}/background`],
  ['get', `${S}/message/{messageID}`],
  ['get', `${S}/form`],
  ['post', `${S}/form`, ['id', 'title!', 'metadata', 'fields!']],
  ['get', `${S}/form/{formID}`],
  ['post', `${S}/form/{formID}/reply`, ['answer!']],
  ['delete', `${S}/form/{formID}`],
  ['put', `${S}/environment`, ['variables!']],
  ['post', `${S}/view`, ['idle!']],
  // message.ts
  ['get', `${S}/message`],
  // permission.ts
  ['get', '/api/permission/request'],
  ['get', '/api/permission/saved'],
  ['delete', '/api/permission/saved/{id}'],
  ['post', `${S}/permission`, ['id', 'action!', 'resources!', 'save', 'metadata', 'source', 'agent']],
  ['get', `${S}/permission`],
  ['get', `${S}/permission/{requestID}`],
  ['post', `${S}/permission/{requestID}/reply`, ['decision!', 'message']],
  // form.ts
  ['get', '/api/form'],
  // event.ts, model.ts, provider.ts (unchanged from the older build: ../reference "2.x releases")
  ['get', '/api/event'],
  ['get', '/api/model'],
  ['get', '/api/provider'],
];

/**
 * Routes of releases after 2.0.26, in a document only where `only` names them (an adapter asked to serve them).
 * Source: ../shared/reference/opencode2-server.md, "November 2026" and "Recorded from the real servers, November
 * 2026" (resume: in a later upstream source; not in the August build nor in 2.0.26's route file).
 */
const LATER: Row[] = [['post', `${S}/resume`]];

/** `POST /api/session/{id}/resume`, served by the adapter only when asked (ReleaseBehaviour.resume). */
export const RESUME_ROUTE = `POST ${S}/resume`;

/**
 * The routes the release-shape adapter answers in front of OpenCode 1.18.33 (`"GET /api/info"`-style keys): what
 * 1.18.33 can back. Left out, so a client's "not offered" path runs: the per-turn diff and view (1.18.33 records
 * neither a turn's whole-file diff nor a viewed mark), the inbox routes (it has no queue to list), and what no test
 * or the extension asks (import/export, shell, commands, instructions, environment, saved permissions, creating
 * forms or permissions, moving a session). Pairing is the adapter's own (releasePairing.ts): 1.18.33 has none.
 */
export const ADAPTER_ROUTES: ReadonlySet<string> = new Set([
  'GET /api/info',
  'POST /api/pair',
  'GET /auth/connect/{code}',
  'GET /api/session',
  'POST /api/session',
  'GET /api/session/active',
  `GET ${S}`,
  `PATCH ${S}`,
  `DELETE ${S}`,
  `POST ${S}/fork`,
  `POST ${S}/agent`,
  `POST ${S}/model`,
  `POST ${S}/prompt`,
  `POST ${S}/compact`,
  'POST /api/experimental/session/{sessionID}/wait',
  'GET /api/experimental/session/{sessionID}/log',
  `POST ${S}/revert/stage`,
  `DELETE ${S}/revert`,
  `POST ${S}/interrupt`,
  `GET ${S}/message`,
  `GET ${S}/message/{messageID}`,
  `GET ${S}/form`,
  `GET ${S}/form/{formID}`,
  `POST ${S}/form/{formID}/reply`,
  `DELETE ${S}/form/{formID}`,
  'GET /api/permission/request',
  `GET ${S}/permission`,
  `GET ${S}/permission/{requestID}`,
  `POST ${S}/permission/{requestID}/reply`,
  'GET /api/form',
  'GET /api/event',
  'GET /api/model',
  'GET /api/provider',
]);

/**
 * The document, minus `without` (`"PATCH /api/session/{sessionID}"`-style keys, or `"GET /api/session?parentID"`
 * for one query parameter, as an older 2.x documented the list without it), or of `only` those routes (which may
 * name a later release's, as `RESUME_ROUTE`).
 */
export function releaseDocument(without: string[] = [], only?: ReadonlySet<string>): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [method, path, keys, queries] of [...ROUTES, ...LATER]) {
    const key = `${method.toUpperCase()} ${path}`;
    const later = LATER.some(([m, p]) => m === method && p === path);
    if (without.includes(key) || (only ? !only.has(key) : later)) continue;
    const operation: Record<string, unknown> = { operationId: `${method} ${path}`, responses: {} };
    const named = queries?.filter((name) => !without.includes(`${key}?${name}`));
    if (named?.length) operation.parameters = named.map((name) => ({ name, in: 'query', required: false, schema: {} }));
    if (keys) {
      const names = keys.map((k) => k.replace(/!$/, ''));
      operation.requestBody = {
        content: {
          'application/json': {
            schema: {
              type: 'object',
              properties: Object.fromEntries(names.map((k) => [k, {}])),
              required: keys.filter((k) => k.endsWith('!')).map((k) => k.slice(0, -1)),
            },
          },
        },
      };
    }
    (paths[path] ??= {})[method] = operation;
  }
  return { openapi: '3.1.0', info: { title: 'opencode HttpApi', version: '0.0.1' }, paths };
}
