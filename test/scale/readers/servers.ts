// What a local OpenCode binary prints (src/features/servers): `opencode --version`'s output, read for its
// generation. The binary is whatever the user's setting or PATH names (a wrapper script may print anything).
import assert from 'node:assert/strict';
import { versionGeneration } from '../../../src/features/servers/opencodeService';
import { reader, type Reader } from '../reader';

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
];
