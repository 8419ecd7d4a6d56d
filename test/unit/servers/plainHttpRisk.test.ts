// When the password would cross the network in clear text: Basic auth over plain http: to another machine.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clearTextPasswordHost } from '../../../src/app/servers/plainHttpRisk';

test('plain http to another machine with a password is flagged with its host; https, loopback and no password are not', () => {
  assert.equal(clearTextPasswordHost('http://build-box.lan:4096', 'pw'), 'build-box.lan:4096');
  assert.equal(clearTextPasswordHost('http://10.0.0.7:4096', 'pw'), '10.0.0.7:4096');
  assert.equal(clearTextPasswordHost('http://127.0.0.1.nip.io:4096', 'pw'), '127.0.0.1.nip.io:4096');
  for (const [url, password] of [
    ['https://build-box.lan:4096', 'pw'],
    ['http://127.0.0.1:4096', 'pw'],
    ['http://127.8.9.10:4096', 'pw'],
    ['http://localhost:4096', 'pw'],
    ['http://[::1]:4096', 'pw'],
    ['http://build-box.lan:4096', undefined],
    ['http://build-box.lan:4096', ''],
    ['not a url', 'pw'],
  ] as const) {
    assert.equal(clearTextPasswordHost(url, password), undefined, `${url} ${password}`);
  }
});
