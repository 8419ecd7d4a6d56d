// What a refused Task stop said: kubeopencode-server's ErrorResponse and the API server's Status, read into what the
// notification says and whether RBAC refused it; anything else (a page, a huge body, control characters) read safely.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MAX_REFUSAL_CHARS, readStopRefusal } from '../../../src/client/k8s/taskStopAnswer';

const FORBIDDEN =
  'tasks.kubeopencode.io "live" is forbidden: User "viewer" cannot patch resource "tasks" in API group "kubeopencode.io" in the namespace "team-k"';

describe('a refused Task stop', () => {
  test("kubeopencode-server's 500 passing on the API server's forbidden is RBAC's refusal, with its message", () => {
    const r = readStopRefusal(500, JSON.stringify({ error: 'Failed to stop task', message: FORBIDDEN, code: 500 }));
    assert.deepEqual(r, { status: 500, said: FORBIDDEN, forbidden: true, notRunning: false });
  });

  test('its 404 for a caller who may not read the Task says forbidden too', () => {
    const r = readStopRefusal(404, JSON.stringify({ error: 'Task not found', message: FORBIDDEN.replace('patch', 'get'), code: 404 }));
    assert.equal(r.forbidden, true);
  });

  test('a plain 404 is not RBAC', () => {
    const r = readStopRefusal(404, JSON.stringify({ error: 'Task not found', message: 'tasks.kubeopencode.io "x" not found', code: 404 }));
    assert.equal(r.forbidden, false);
    assert.equal(r.said, 'tasks.kubeopencode.io "x" not found');
  });

  test('its 400 for a Task that is not running says so', () => {
    const r = readStopRefusal(400, JSON.stringify({ error: 'Task is not running', message: 'Task phase is Completed', code: 400 }));
    assert.deepEqual(r, { status: 400, said: 'Task phase is Completed', forbidden: false, notRunning: true });
  });

  test("the API server's 403 Status", () => {
    const r = readStopRefusal(
      403,
      JSON.stringify({ kind: 'Status', status: 'Failure', message: FORBIDDEN, reason: 'Forbidden', code: 403 }),
    );
    assert.equal(r.forbidden, true);
    assert.equal(r.said, FORBIDDEN);
  });

  test('an ErrorResponse without a message says its error', () => {
    assert.equal(readStopRefusal(502, JSON.stringify({ error: 'Bad gateway', code: 502 })).said, 'Bad gateway');
  });

  test('a 401 is never read as RBAC, whatever it says', () => {
    assert.equal(readStopRefusal(401, 'forbidden').forbidden, false);
  });

  test('text that is not JSON: its start, on one line, at most 300 characters', () => {
    const r = readStopRefusal(502, `<html>\n<body>bad\u0007gateway ${'x'.repeat(1000)}</body>`);
    assert.ok(r.said.startsWith('<html> <body>bad gateway'), r.said);
    assert.ok(r.said.length <= 301, `${r.said.length}`);
  });

  test('a body over the cap is not parsed: its start is shown', () => {
    const body = JSON.stringify({ error: 'e', message: 'm'.repeat(MAX_REFUSAL_CHARS) });
    const r = readStopRefusal(500, body);
    assert.ok(r.said.startsWith('{"error":"e"'), r.said.slice(0, 40));
  });

  test('a long message is cut with an ellipsis', () => {
    const r = readStopRefusal(500, JSON.stringify({ error: 'e', message: 'forbidden '.repeat(100) }));
    assert.ok(r.said.endsWith('…') && r.said.length === 301, `${r.said.length}`);
    assert.equal(r.forbidden, true);
  });
});
