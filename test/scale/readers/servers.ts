// What a local OpenCode binary prints (src/features/servers): `opencode --version`'s output, read for its
// generation, and what `opencode serve` printed before it failed, with the password we gave it redacted. The binary
// is whatever the user's setting or PATH names (a wrapper script may print anything).
import assert from 'node:assert/strict';
import { redact } from '../../../src/features/servers/embeddedServer';
import { versionGeneration } from '../../../src/features/servers/opencodeService';
import { reader, type Reader } from '../reader';

/** As EmbeddedServer makes one: 24 random bytes in base64url (32 characters). */
const PASSWORD = 'Zm9vYmFyLWJhei1xdXV4LXBhc3N3b3Jk';

export const serversReaders: Array<Reader<unknown, unknown>> = [
  reader<string>({
    name: "A binary's version output (versionGeneration)",
    covers: ['src/features/servers/opencodeService.ts#versionGeneration'],
    // n×10 characters: 1 MB of output at 10n.
    read: (output) => versionGeneration(output),
    shapes: [
      { name: 'n×10 characters of log lines, then the version', make: (n) => `${'starting up\n'.repeat(n)}opencode 1.18.33\n` },
      { name: 'n×10 digits and no dot', make: (n) => '1'.repeat(n * 10), worst: true },
      { name: 'n×10 characters of almost-versions: 123.456.x', make: (n) => '123.456.x '.repeat(n), worst: true },
    ],
    check: (answer, _n, shape) => assert.equal(answer, shape.includes('log lines') ? 'v1' : undefined),
  }),
  reader<string>({
    name: "A failed server's output, its password redacted (redact)",
    covers: ['src/features/servers/embeddedServer.ts#redact'],
    // n×10 characters: 1 MB at 10n (the start keeps its last 20 000, but an error's message is the OS's or the binary's).
    read: (output) => redact(output, PASSWORD),
    shapes: [
      { name: 'n×10 characters of log lines, no password', make: (n) => 'starting.\n'.repeat(n) },
      { name: 'n×10 characters, the password every 40', make: (n) => `${PASSWORD}ok.\n\n\n\n`.repeat(n / 4) },
      // A search that restarts at each near match would read the output once per character of the password.
      {
        name: 'n×10 characters of the password but its last character, again and again',
        make: (n) => PASSWORD.slice(0, -1).repeat(Math.ceil((n * 10) / 31)),
        worst: true,
      },
    ],
    check: (answer, n, shape) => {
      const text = answer as string;
      assert.ok(!text.includes(PASSWORD), 'the password is still there');
      assert.equal(text.split('********').length - 1, shape.includes('every 40') ? n / 4 : 0);
    },
  }),
];
