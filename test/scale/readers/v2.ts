// The OpenCode 2 readers of the scale registry (../registry.ts): what src/client/v2 reads of a 2.x server.
import assert from 'node:assert/strict';
import { RouteTable } from '../../../src/client/v2/openApiRoutes';
import { reader, type Reader } from '../reader';

/** An OpenAPI document of n routes, each with a small JSON body. */
function routes(n: number) {
  const paths: Record<string, unknown> = {};
  for (let i = 0; i < n; i++)
    paths[`/api/r${i}/{id}`] = {
      post: { requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Body' } } } } },
    };
  return {
    openapi: '3.1.0',
    paths,
    components: { schemas: { Body: { type: 'object', properties: { text: {}, files: {} }, required: ['text'] } } },
  };
}

/** One route whose body is a union of 8 `$ref`s to itself (473 bytes froze the host for 210 s); n copies of the route. */
function selfReferences(n: number) {
  const doc = routes(Math.max(1, Math.floor(n / 100)));
  const union = { anyOf: Array.from({ length: 8 }, () => ({ $ref: '#/components/schemas/Body' })), properties: { text: {} } };
  doc.components.schemas.Body = union as never;
  return doc;
}

/** A path of n slashes: a trailing-slash RegExp backtracks over every one. */
function slashes(n: number) {
  return { openapi: '3.1.0', paths: { [`${'/'.repeat(n)}x`]: { get: {} }, '/api/info': { get: {} } } };
}

export const v2Readers: Array<Reader<unknown, unknown>> = [
  reader<Record<string, unknown>>({
    name: 'OpenAPI document (RouteTable.read)',
    covers: ['src/client/v2/openApiRoutes.ts#RouteTable'],
    read: (document) => RouteTable.read(document),
    shapes: [
      { name: 'n routes with bodies', make: routes },
      { name: 'anyOf of 8 $refs to itself', make: selfReferences, worst: true },
      { name: 'a path of n slashes', make: slashes, worst: true },
    ],
    check: (table) => assert.ok(table instanceof RouteTable && table.size > 0, 'a table of the routes'),
  }),
];
