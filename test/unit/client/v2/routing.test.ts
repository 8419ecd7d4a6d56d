// The V2 adapter sends each read and action where the server's own document says, on scripted answers in the
// shapes OpenCode 2 sends (2.x releases: 2.0.26's protocol groups; the older build: its recorded document). The
// wire is what is checked: method, path and body of every request, and that nothing is asked of a route the
// server does not offer. (The opencode2 stage does the same against a real OpenCode 2, where one is installed.)
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import { detectApi } from '../../../../src/client/connection/detectApi';
import { ServerError } from '../../../../src/client/transport/serverError';
import { V2Api } from '../../../../src/client/v2/api';
import type { FormRequest } from '../../../../src/store/formRequest';
import type { PermissionRequest } from '../../../../src/store/pendingRequest';
import { repoRoot } from '../../../harness/paths';
import { releaseDocument } from '../../../harness/release/releaseRoutes';

const SESSION = 'ses_1';
const olderDocument = JSON.parse(readFileSync(join(repoRoot(), 'test', 'fixtures', 'opencode2', 'openapi.json'), 'utf8')) as unknown;
const session = {
  id: SESSION,
  projectID: 'p',
  cost: 0.5,
  tokens: { input: 1, output: 2, reasoning: 0, cache: { read: 0, write: 0 } },
  time: { created: 1, updated: 2 },
  title: 'A',
  location: { directory: '/w' },
};
const permission = { id: 'per_1', sessionID: SESSION, action: 'shell', resources: ['npm test'], save: ['npm *'] };
const form = { id: 'frm_1', sessionID: SESSION, title: 'Questions', fields: [{ key: 'q0', type: 'string', title: 'Color' }] };

describe('V2 routes chosen by the server’s document', () => {
  let server: Server;
  let url = '';
  /** What the scripted server serves at `/openapi.json`: a document, or 1.18's web page. */
  let document: unknown;
  /** Routes the scripted server answers as missing (a server of the older kind). */
  let missing: string[] = [];
  /** `METHOD /path` of every request, and each JSON body by that key. */
  let asked: string[] = [];
  let bodies = new Map<string, unknown>();
  /** The query of every request, by its `METHOD /path` key. */
  let queries = new Map<string, string>();

  before(async () => {
    server = createServer((req, res) => {
      const path = (req.url ?? '').split('?')[0];
      const key = `${req.method} ${path}`;
      asked.push(key);
      queries.set(key, (req.url ?? '').split('?')[1] ?? '');
      let text = '';
      req.on('data', (chunk: Buffer) => (text += chunk.toString()));
      req.on('end', () => {
        if (text) bodies.set(key, JSON.parse(text));
        const json = (body: unknown) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
        if (path === '/openapi.json')
          return void (typeof document === 'string' ? res.writeHead(200, { 'content-type': 'text/html' }).end(document) : json(document));
        if (path === '/api/info') return void json({ version: '2.3.2', pid: 7, urls: [url], paths: { tmp: '/tmp' } });
        if (path === '/api/session/active') return void json({ data: { [SESSION]: { type: 'running' } } });
        if (key === `GET /api/session/${SESSION}/permission`) return void json({ data: [permission] });
        if (key === `GET /api/session/${SESSION}/form`) return void json({ data: [form] });
        if (key === `POST /api/session/${SESSION}/fork`) return void json({ data: { ...session, id: 'ses_2' } });
        if (key === `GET /api/session/${SESSION}/form/frm_1`)
          return void json({ data: { ...form, state: { status: 'answered', answer: {} } } });
        // What the server lacks, it answers as OpenCode 2 does: 404 with nothing.
        const served = [
          'PATCH /api/session/ses_1',
          'POST /api/session/ses_1/rename',
          'DELETE /api/session/ses_1/revert',
          'POST /api/session/ses_1/revert/clear',
          'POST /api/session/ses_1/permission/per_1/reply',
          'DELETE /api/session/ses_1/form/frm_1',
          'POST /api/session/ses_1/form/frm_1/cancel',
          'POST /api/session/ses_1/view',
          'POST /api/session/ses_1/interrupt',
          'POST /api/session/ses_1/resume',
          'POST /api/session/ses_1/prompt',
        ];
        if (served.includes(key) && !missing.includes(key)) return void res.writeHead(204).end();
        res.writeHead(404).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => {
    server.closeAllConnections();
    server.close();
  });
  beforeEach(() => {
    asked = [];
    bodies = new Map();
    queries = new Map();
    missing = [];
  });

  async function connected(doc: unknown): Promise<V2Api> {
    document = doc;
    const api = new V2Api({ url, password: 'pw' });
    await api.loadContract(AbortSignal.timeout(5000));
    asked = [];
    return api;
  }

  test('a 2.x release is found by /api/info (never /api/health) and speaks V2', async () => {
    const found = await detectApi({ url, password: 'pw' }, 'v2', AbortSignal.timeout(5000));
    assert.equal(found.version, '2.3.2');
    assert.deepEqual(asked, ['GET /api/info']);
  });

  test('a 2.x release: decision, PATCH rename, DELETE revert and form, {} fork; no question route asked', async () => {
    const api = await connected(releaseDocument());
    assert.equal(api.contract().source, 'document');
    const listing = await api.listPendingRequests([]);
    assert.deepEqual(listing.failures, []);
    assert.deepEqual(
      listing.requests.map((r) => r.id),
      ['per_1', 'frm_1'],
    );
    assert.ok(!asked.some((a) => a.includes('/question')), `asked: ${asked.join(', ')}`);
    await api.replyToPermission('/w', listing.requests[0] as PermissionRequest, 'once', 'fine');
    assert.deepEqual(bodies.get('POST /api/session/ses_1/permission/per_1/reply'), { decision: 'once', message: 'fine' });
    await api.renameSession({ id: SESSION, directory: '/w' }, 'B');
    assert.deepEqual(bodies.get('PATCH /api/session/ses_1'), { title: 'B' });
    await api.unrevert({ id: SESSION, directory: '/w', title: '', time: { created: 1, updated: 1 } });
    await api.cancelForm('/w', listing.requests[1] as FormRequest);
    assert.equal(await api.formState(listing.requests[1] as FormRequest), 'answered');
    assert.equal(await api.forkSession({ id: SESSION, directory: '/w' }), 'ses_2');
    assert.deepEqual(bodies.get('POST /api/session/ses_1/fork'), {});
    assert.ok(asked.includes('DELETE /api/session/ses_1/revert'));
    assert.ok(asked.includes('DELETE /api/session/ses_1/form/frm_1'));
    assert.ok(asked.includes('GET /api/session/ses_1/form/frm_1'));
    assert.ok(!asked.some((a) => /\/(rename|clear|cancel|state)$/.test(a)), `no older route: ${asked.join(', ')}`);
    await api.markViewed({ id: SESSION, directory: '/w' }, 1234);
    assert.deepEqual(bodies.get('POST /api/session/ses_1/view'), { idle: 1234 });
  });

  test('the older build’s document: reply, POST rename and clear, {boundary} fork, questions listed', async () => {
    const api = await connected(olderDocument);
    await api.replyToPermission('/w', { ...permission, kind: 'permission' } as unknown as PermissionRequest, 'always');
    assert.deepEqual(bodies.get('POST /api/session/ses_1/permission/per_1/reply'), { reply: 'always' });
    await api.renameSession({ id: SESSION, directory: '/w' }, 'C');
    assert.deepEqual(bodies.get('POST /api/session/ses_1/rename'), { title: 'C' });
    await api.forkSession({ id: SESSION, directory: '/w' });
    assert.deepEqual(bodies.get('POST /api/session/ses_1/fork'), { boundary: { type: 'through' } });
    await api.listPendingRequests([]);
    assert.ok(asked.includes('GET /api/session/ses_1/question'));
    // It has no view route: nothing is sent, and it is said not to be offered.
    asked = [];
    assert.equal(api.offers('markViewed'), false);
    await assert.rejects(api.markViewed({ id: SESSION, directory: '/w' }, 1), (err) => err instanceof ServerError && err.noRoute);
    assert.deepEqual(asked, []);
  });

  test('a budget pause interrupts with resume=false; resume goes to …/resume where the document offers it, no prompt sent', async () => {
    const doc = releaseDocument();
    (doc.paths as Record<string, unknown>)['/api/session/{sessionID}/resume'] = {
      post: { operationId: 'post /api/session/{sessionID}/resume', responses: {} },
    };
    const api = await connected(doc);
    const info = { id: SESSION, directory: '/w', title: 'A', time: { created: 1, updated: 1 } };
    await api.pause(info);
    assert.deepEqual(asked, ['POST /api/session/ses_1/interrupt']);
    assert.equal(queries.get('POST /api/session/ses_1/interrupt'), 'resume=false', 'queued input stays in the inbox');
    asked = [];
    assert.equal(api.resumeWay(), 'resume');
    assert.equal(await api.resume(info, 'go on'), 'resume');
    assert.deepEqual(asked, ['POST /api/session/ses_1/resume']);
    assert.equal(bodies.get('POST /api/session/ses_1/resume'), undefined, 'no new input');
  });

  test('resume where the document has no resume route: a prompt with the text ({text} on a release); no resume asked', async () => {
    const api = await connected(releaseDocument());
    const info = { id: SESSION, directory: '/w', title: 'A', time: { created: 1, updated: 1 } };
    assert.equal(api.resumeWay(), 'prompt');
    assert.equal(await api.resume(info, 'The budget was raised: go on.'), 'prompt');
    assert.deepEqual(asked, ['POST /api/session/ses_1/prompt']);
    assert.deepEqual(bodies.get('POST /api/session/ses_1/prompt'), { text: 'The budget was raised: go on.' });
  });

  test('a route the document lacks: the action is not offered, and nothing is sent', async () => {
    const api = await connected(releaseDocument(['PATCH /api/session/{sessionID}']));
    assert.equal(api.offers('rename'), false);
    assert.deepEqual(
      api.contract().features.find((f) => f.feature === 'rename'),
      { feature: 'rename', offered: false },
    );
    await assert.rejects(api.renameSession({ id: SESSION, directory: '/w' }, 'D'), (err) => err instanceof ServerError && err.noRoute);
    assert.deepEqual(asked, []);
    assert.equal(api.offers('delete'), true);
  });

  test('no document (1.18 answers its web page): routes tried newest first, the next when one is missing', async () => {
    const api = await connected('<!doctype html><title>OpenCode</title>');
    assert.equal(api.contract().source, 'probing');
    missing = ['PATCH /api/session/ses_1'];
    await api.renameSession({ id: SESSION, directory: '/w' }, 'E');
    await api.renameSession({ id: SESSION, directory: '/w' }, 'F');
    // Learned once for the connection: the second rename goes straight to the route that answered.
    assert.deepEqual(asked, ['PATCH /api/session/ses_1', 'POST /api/session/ses_1/rename', 'POST /api/session/ses_1/rename']);
    assert.deepEqual(bodies.get('POST /api/session/ses_1/rename'), { title: 'F' });
  });
});
