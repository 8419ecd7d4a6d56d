// The share link from the server reaches openExternal only as a web address: https anywhere, http to this
// machine only; every other scheme (file:, vscode:, custom handlers, javascript:) is refused with the reason.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { shareLinkProblem } from '../../../src/features/sessions/commands/shareLink';

describe('share link', () => {
  test('https anywhere and http to loopback are opened', () => {
    for (const link of [
      'https://opncd.ai/share/abc',
      'https://share.example.com:8443/s/x?y=1',
      'http://127.0.0.1:4096/share/x',
      'http://localhost/s',
      'http://[::1]:9/s',
    ]) {
      assert.equal(shareLinkProblem(link), undefined, link);
    }
  });

  test('other schemes, remote http and non-URLs are refused with a reason', () => {
    const refused: [string, RegExp][] = [
      ['file:///etc/passwd', /scheme file: is not https:/],
      ['vscode://ms-vscode.some-extension/run?cmd=x', /scheme vscode: is not https:/],
      ['vscode-insiders://x', /scheme vscode-insiders: is not https:/],
      ['javascript:alert(1)', /scheme javascript: is not https:/],
      ['ms-settings:privacy', /scheme ms-settings: is not https:/],
      ['command:workbench.action.terminal.new', /scheme command: is not https:/],
      ['http://share.example.com/s/x', /plain http: address on another machine/],
      ['http://127.0.0.1.evil.example/s', /plain http: address on another machine/],
      ['opncd.ai/share/x', /not a URL/],
      ['', /not a URL/],
    ];
    for (const [link, reason] of refused) assert.match(shareLinkProblem(link) ?? 'opened', reason, link);
  });
});
