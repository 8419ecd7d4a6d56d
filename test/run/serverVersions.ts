// The OpenCode servers `npm run test:servers` runs the extension-host tests against: every version users run
// that npm can install here (opencode-linux-x64). Add one when OpenCode publishes it.
export const SERVER_VERSIONS: readonly string[] = ['1.18.33', '1.18.34'];
