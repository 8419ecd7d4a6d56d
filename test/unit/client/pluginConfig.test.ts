// Install session_status Tool…: which key of opencode.json gets the plugin on each OpenCode generation.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { pluginKey, withStatusPlugin } from '../../../src/client/discovery/pluginConfig';

const URL = 'file:///home/me/.vscode/extensions/acme.opencode-sessions-0.9.0/dist/opencode-plugin/session-status.js';
const OLD = 'file:///home/me/.vscode/extensions/acme.opencode-sessions-0.8.0/dist/opencode-plugin/session-status.js';

describe('withStatusPlugin', () => {
  test('V1 writes `plugin`, V2 writes `plugins`', () => {
    assert.equal(pluginKey('v1'), 'plugin');
    assert.equal(pluginKey('v2'), 'plugins');
    assert.deepEqual(withStatusPlugin({}, URL, 'v1'), { plugin: [URL] });
    assert.deepEqual(withStatusPlugin({}, URL, 'v2'), { plugins: [URL] });
  });

  test("keeps every other setting and the user's own plugins, in order, ours last", () => {
    const config = {
      model: 'a/b',
      plugin: ['opencode-foo', ['./local.ts', { on: true }]],
      plugins: ['bar', { package: './x.ts', options: { y: 1 } }],
    };
    assert.deepEqual(withStatusPlugin(config, URL, 'v1'), { ...config, plugin: ['opencode-foo', ['./local.ts', { on: true }], URL] });
    assert.deepEqual(withStatusPlugin(config, URL, 'v2'), { ...config, plugins: ['bar', { package: './x.ts', options: { y: 1 } }, URL] });
  });

  test('twice is the same as once; an older copy of ours is replaced, in every entry form', () => {
    const once = withStatusPlugin({}, URL, 'v2');
    assert.deepEqual(withStatusPlugin(once, URL, 'v2'), once);
    assert.deepEqual(withStatusPlugin({ plugins: [OLD, { package: OLD, options: {} }, 'keep'] }, URL, 'v2'), { plugins: ['keep', URL] });
    assert.deepEqual(withStatusPlugin({ plugin: [[OLD, {}], 'keep'] }, URL, 'v1'), { plugin: ['keep', URL] });
    // Ours already there with options: left as the user wrote it.
    const withOptions = { plugins: [{ package: URL, options: { quiet: true } }] };
    assert.deepEqual(withStatusPlugin(withOptions, URL, 'v2'), withOptions);
  });

  test('ours leaves the other key (2.x reads a V1 `plugin` list too: it would load twice); the rest of it stays', () => {
    assert.deepEqual(withStatusPlugin({ plugin: [OLD] }, URL, 'v2'), { plugins: [URL] });
    assert.deepEqual(withStatusPlugin({ plugin: [URL, 'keep'] }, URL, 'v2'), { plugin: ['keep'], plugins: [URL] });
    assert.deepEqual(withStatusPlugin({ plugins: [{ package: URL }], plugin: ['x'] }, URL, 'v1'), { plugin: ['x', URL] });
    assert.deepEqual(withStatusPlugin({ plugins: 'oops' }, URL, 'v2'), { plugins: [URL] });
    assert.deepEqual(withStatusPlugin({ plugin: 'oops' }, URL, 'v2'), { plugin: 'oops', plugins: [URL] });
  });
});
