// The server's own contract decides each route: the older 2-line build's recorded `GET /openapi.json`
// (test/fixtures/opencode2/openapi.json), a 2.x release's routes (2.0.26, test/harness/release/releaseRoutes.ts, from its
// protocol groups), the same minus a route (as a next release might drop one), and a server with no document
// (probed: the newest route first, the next when it answers that it has none).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { MAX_OPERATIONS, MAX_SCHEMA_WORK, RouteTable } from '../../../../src/client/v2/openApiRoutes';
import { V2Contract, type RouteName } from '../../../../src/client/v2/contract';
import { repoRoot } from '../../../harness/paths';
import { releaseDocument } from '../../../harness/release/releaseRoutes';

const recorded = JSON.parse(readFileSync(join(repoRoot(), 'test', 'fixtures', 'opencode2', 'openapi.json'), 'utf8')) as unknown;
const documented = async (doc: unknown) => V2Contract.documented((await RouteTable.read(doc))!);
const route = (contract: V2Contract, name: RouteName) => {
  const r = contract.route(name);
  return r && `${r.method} ${r.path}`;
};

describe('RouteTable: an OpenAPI document read for methods, paths and body keys', () => {
  test('the recorded document of the older build: its 117 operations, bodies through $ref and unions', async () => {
    const table = (await RouteTable.read(recorded))!;
    assert.equal(table.size, 117);
    assert.ok(table.has('POST', '/api/session/{sessionID}/permission/{requestID}/reply'));
    // Slots match by position, whatever their names.
    assert.ok(table.has('POST', '/api/session/{id}/permission/{x}/reply'));
    assert.deepEqual([...table.body('POST', '/api/session/{sessionID}/permission/{requestID}/reply')!.keys].sort(), ['message', 'reply']);
    assert.deepEqual([...table.body('POST', '/api/session/{sessionID}/fork')!.required], ['boundary']);
    assert.equal(table.body('GET', '/api/session'), undefined, 'a GET takes no body');
  });

  test('anything that is not an OpenAPI document is no table (1.18 answers its web page on /openapi.json)', async () => {
    for (const answer of ['<!doctype html>', {}, { paths: {} }, { openapi: '3.1.0', paths: {} }, null, []])
      assert.equal(await RouteTable.read(answer), undefined);
  });

  test('a $ref loop or one out of the document is no body, never a hang', async () => {
    const loop = {
      openapi: '3.1.0',
      paths: {
        '/a': { post: { requestBody: { $ref: '#/components/requestBodies/A' } } },
        '/b': { post: { requestBody: { $ref: 'http://x/y' } } },
      },
      components: { requestBodies: { A: { $ref: '#/components/requestBodies/A' } } },
    };
    const table = (await RouteTable.read(loop))!;
    assert.ok(table.has('POST', '/a'));
    assert.equal(table.body('POST', '/a'), undefined);
    assert.equal(table.body('POST', '/b'), undefined);
  });

  test('a union of $refs to itself is read once: its own keys, at once (a 473-byte document once took minutes)', async () => {
    const body = {
      anyOf: Array.from({ length: 8 }, () => ({ $ref: '#/components/schemas/Body' })),
      properties: { text: {} },
      required: ['text'],
    };
    const doc = {
      openapi: '3.1.0',
      paths: {
        '/a/{id}': { post: { requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Body' } } } } } },
      },
      components: { schemas: { Body: body, Other: { properties: { files: {} } } } },
    };
    const table = (await RouteTable.read(doc))!;
    assert.deepEqual([...table.body('POST', '/a/{x}')!.keys], ['text']);
    // Branches of branches count, however deep, each schema once.
    body.anyOf.push({ anyOf: [{ anyOf: [{ $ref: '#/components/schemas/Other' }] }] } as never);
    assert.deepEqual([...(await RouteTable.read(doc))!.body('POST', '/a/{x}')!.keys].sort(), ['files', 'text']);
  });

  test('slots and trailing slashes are read by scanning: `{…}` is a slot, however it is spelled', async () => {
    const doc = { openapi: '3.1.0', paths: { '/a/{id}/b///': { get: {} }, '/c/{{x}/d': { get: {} }, '/e/{': { get: {} } } };
    const table = (await RouteTable.read(doc))!;
    assert.ok(table.has('GET', '/a/{}/b'));
    assert.ok(table.has('GET', '/c/{}/d'));
    assert.ok(table.has('GET', '/e/{'));
    assert.ok(!table.has('GET', '/e'));
  });

  test('a document past the caps is too large, in words (its routes are then tried)', async () => {
    const paths: Record<string, unknown> = {};
    for (let i = 0; i <= MAX_OPERATIONS; i++) paths[`/r${i}`] = { get: {} };
    await assert.rejects(RouteTable.read({ openapi: '3.1.0', paths }), /too large.*more than 4000 operations.*tried instead/);
    const wide = { anyOf: Array.from({ length: MAX_SCHEMA_WORK }, (_, i) => ({ properties: { [`k${i}`]: {} } })) };
    const doc = { openapi: '3.1.0', paths: { '/a': { post: { requestBody: { content: { 'application/json': { schema: wide } } } } } } };
    await assert.rejects(RouteTable.read(doc), /too large.*schema parts/);
  });
});

describe('V2Contract: the route each read and action takes', () => {
  test('a 2.x release (2.0.26): /api/info, decision, PATCH rename, DELETE revert and form, form state on the form, inbox, diff, view', async () => {
    const release = await documented(releaseDocument());
    assert.equal(release.source, 'document');
    assert.equal(route(release, 'info'), 'GET /api/info');
    assert.equal(release.bodyKey('permissionReply', ['decision', 'reply']), 'decision');
    assert.equal(route(release, 'rename'), 'PATCH /api/session/{sessionID}');
    assert.equal(route(release, 'unrevert'), 'DELETE /api/session/{sessionID}/revert');
    assert.equal(route(release, 'formCancel'), 'DELETE /api/session/{sessionID}/form/{formID}');
    assert.equal(route(release, 'formState'), 'GET /api/session/{sessionID}/form/{formID}');
    assert.equal(route(release, 'inbox'), 'GET /api/session/{sessionID}/inbox');
    assert.equal(route(release, 'diff'), 'GET /api/session/{sessionID}/diff');
    assert.equal(route(release, 'view'), 'POST /api/session/{sessionID}/view');
    assert.equal(release.requires('fork', 'boundary'), false, '`before` is optional: {} forks everything');
    // The question tool makes a form: no question route is ever asked.
    for (const name of ['questions', 'questionReply', 'questionReject'] as const) assert.equal(release.offers(name), false, name);
  });

  test('the older build (recorded): /api/health, reply, POST rename and clear, /state, pending, questions, no diff or view', async () => {
    const older = await documented(recorded);
    assert.equal(route(older, 'info'), 'GET /api/health');
    assert.equal(older.bodyKey('permissionReply', ['decision', 'reply']), 'reply');
    assert.equal(route(older, 'rename'), 'POST /api/session/{sessionID}/rename');
    assert.equal(route(older, 'unrevert'), 'POST /api/session/{sessionID}/revert/clear');
    assert.equal(route(older, 'formCancel'), 'POST /api/session/{sessionID}/form/{formID}/cancel');
    assert.equal(route(older, 'formState'), 'GET /api/session/{sessionID}/form/{formID}/state');
    assert.equal(route(older, 'inbox'), 'GET /api/session/{sessionID}/pending');
    assert.equal(older.offers('questions'), true);
    assert.equal(older.offers('diff'), false);
    assert.equal(older.offers('view'), false);
    assert.equal(older.requires('fork', 'boundary'), true);
  });

  test('a route the document lacks is not offered, and a lack is never second-guessed', async () => {
    const next = await documented(releaseDocument(['PATCH /api/session/{sessionID}', 'DELETE /api/session/{sessionID}/form/{formID}']));
    assert.equal(next.offers('rename'), false);
    assert.equal(next.offers('formCancel'), false);
    assert.equal(next.offers('delete'), true);
    assert.equal(next.lacks('delete'), false, 'a documented route that answers 404 is reported as it is');
    assert.equal(next.offers('delete'), true);
  });

  test('no document: the newest route first, the next once it is missing, then none', () => {
    const probed = V2Contract.probing();
    assert.equal(probed.source, 'probing');
    assert.equal(route(probed, 'rename'), 'PATCH /api/session/{sessionID}');
    assert.equal(probed.lacks('rename'), true);
    assert.equal(route(probed, 'rename'), 'POST /api/session/{sessionID}/rename');
    assert.equal(probed.lacks('rename'), false);
    assert.equal(probed.offers('rename'), false);
    assert.equal(probed.bodyKey('permissionReply', ['decision', 'reply']), 'decision');
    assert.equal(probed.refusedBody('permissionReply', ['decision', 'reply']), true);
    assert.equal(probed.bodyKey('permissionReply', ['decision', 'reply']), 'reply');
    assert.equal(probed.refusedBody('permissionReply', ['decision', 'reply']), false);
  });
});
