// The servers setting, URL normalisation and Basic auth headers.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { authHeaders, normalizeServerUrl } from '../../../src/client/transport/endpoint';
import { parseServerSettings } from '../../../src/app/servers/serverSettings';

const problem = (entry: string) => `Ignored server entry ${entry}: "url" must be an http(s) URL without credentials.`;

describe('parseServerSettings', () => {
  test('unset means no servers and no problems', () => {
    assert.deepEqual(parseServerSettings(undefined), { servers: [], problems: [] });
    assert.deepEqual(parseServerSettings(null), { servers: [], problems: [] });
    assert.deepEqual(parseServerSettings([]), { servers: [], problems: [] });
  });

  test('a non-list is one problem', () => {
    for (const value of ['http://127.0.0.1:4096', { url: 'http://127.0.0.1:4096' }, 42, true]) {
      assert.deepEqual(parseServerSettings(value), {
        servers: [],
        problems: ['"opencodeSessions.servers" must be a list of {name?, url}.'],
      });
    }
  });

  test('strings and objects; names trimmed, blank names dropped', () => {
    const { servers, problems } = parseServerSettings([
      'http://127.0.0.1:4096/',
      { name: '  laptop ', url: ' https://Box.example:8443/oc/ ' },
      { name: '   ', url: 'http://10.0.0.2:4096' },
    ]);
    assert.deepEqual(problems, []);
    assert.deepEqual(servers, [
      { id: 'http://127.0.0.1:4096', url: 'http://127.0.0.1:4096', name: undefined, origin: 'configured' },
      { id: 'https://box.example:8443/oc', url: 'https://box.example:8443/oc', name: 'laptop', origin: 'configured' },
      { id: 'http://10.0.0.2:4096', url: 'http://10.0.0.2:4096', name: undefined, origin: 'configured' },
    ]);
  });

  test('duplicates (after normalising) keep the first entry', () => {
    const { servers, problems } = parseServerSettings(['http://h:4096', { name: 'again', url: 'http://H:4096/' }, 'http://h:4096//']);
    assert.deepEqual(servers, [{ id: 'http://h:4096', url: 'http://h:4096', name: undefined, origin: 'configured' }]);
    assert.deepEqual(problems, []);
  });

  test('bad entries are reported one by one and good ones kept', () => {
    const { servers, problems } = parseServerSettings([
      'not a url',
      'ftp://h:21',
      'http://opencode:secret@h:4096',
      { url: 5 },
      { name: 'x' },
      null,
      7,
      'http://ok:1',
    ]);
    assert.deepEqual(servers, [{ id: 'http://ok:1', url: 'http://ok:1', name: undefined, origin: 'configured' }]);
    assert.deepEqual(problems, [
      problem('"not a url"'),
      problem('"ftp://h:21"'),
      problem('"http://opencode:secret@h:4096"'),
      problem('{"url":5}'),
      problem('{"name":"x"}'),
      problem('null'),
      problem('7'),
    ]);
  });
});

describe('normalizeServerUrl', () => {
  const cases: [string, string | undefined][] = [
    ['http://127.0.0.1:4096', 'http://127.0.0.1:4096'],
    ['  http://127.0.0.1:4096/  ', 'http://127.0.0.1:4096'],
    ['HTTPS://Example.COM/base///', 'https://example.com/base'],
    ['http://localhost', 'http://localhost'],
    ['https://h:443/', 'https://h'], // default port dropped by URL
    ['localhost:4096', undefined], // parses with protocol "localhost:"
    ['127.0.0.1:4096', undefined],
    ['ftp://h', undefined],
    ['file:///tmp/x', undefined],
    ['javascript:alert(1)', undefined],
    ['http://user@h:4096', undefined],
    ['http://:pw@h:4096', undefined],
    ['', undefined],
    ['not a url', undefined],
  ];
  for (const [input, expected] of cases) test(JSON.stringify(input), () => assert.equal(normalizeServerUrl(input), expected));
});

describe('authHeaders', () => {
  test('no password, no header', () => {
    assert.deepEqual(authHeaders({ url: 'http://h' }), {});
    assert.deepEqual(authHeaders({ url: 'http://h', username: 'bob', password: '' }), {});
  });

  test('Basic with the "opencode" user by default', () => {
    // base64("opencode:secret"), computed outside the code under test
    assert.deepEqual(authHeaders({ url: 'http://h', password: 'secret' }), { authorization: 'Basic b3BlbmNvZGU6c2VjcmV0' });
  });

  test('Basic with a given user', () => {
    assert.deepEqual(authHeaders({ url: 'http://h', username: 'bob', password: 'pw' }), { authorization: 'Basic Ym9iOnB3' });
    assert.deepEqual(authHeaders({ url: 'http://h', username: '', password: 'secret' }), { authorization: 'Basic b3BlbmNvZGU6c2VjcmV0' });
  });
});
