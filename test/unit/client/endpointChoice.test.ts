// Which window the OpenCode plugin asks first: the one whose workspace folders hold the server's folder (the
// closest), then any other live one, newest first.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { endpointOrder } from '../../../src/client/discovery/endpointChoice';
import type { EndpointInfo } from '../../../src/client/discovery/endpointDiscovery';

const win = (port: number, folders: string[], startedAt = port): EndpointInfo => ({
  url: `http://127.0.0.1:${port}`,
  token: 't',
  pid: 1,
  folders,
  startedAt,
});
const ports = (es: EndpointInfo[]) => es.map((e) => Number(e.url.split(':')[2]));

describe('endpointOrder', () => {
  const a = win(1, ['/work/a']);
  const nested = win(2, ['/work', '/other']);
  const b = win(3, ['/work/b']);
  const empty = win(4, []);

  test('the window holding the folder first, the closest folder before an enclosing one, then the rest newest first', () => {
    assert.deepEqual(ports(endpointOrder([a, nested, b, empty], '/work/a/src')), [1, 2, 4, 3]);
    assert.deepEqual(ports(endpointOrder([a, nested, b, empty], '/work/b')), [3, 2, 4, 1]);
  });

  test('no window holds it, or the folder is unknown: every live one, newest first', () => {
    assert.deepEqual(ports(endpointOrder([a, nested, b, empty], '/elsewhere')), [4, 3, 2, 1]);
    assert.deepEqual(ports(endpointOrder([a, nested, b], undefined)), [3, 2, 1]);
    assert.deepEqual(endpointOrder([], '/work'), []);
  });

  test('a sibling with a common prefix is not inside: /work/ab is not in /work/a', () => {
    assert.deepEqual(ports(endpointOrder([win(5, ['/work/a'], 1), win(6, [], 2)], '/work/ab')), [6, 5]);
  });
});
