// The OpenCode servers `npm run test:servers` runs the extension-host tests against: every version users run
// that npm can install here (opencode-linux-x64). Add one when OpenCode publishes it. The 2.x line is not on that
// registry: test:servers adds it from the binary OCS_OPENCODE2 names (test/run/opencode2.ts's core cases).
export const SERVER_VERSIONS: readonly string[] = ['1.18.33', '1.18.34'];
