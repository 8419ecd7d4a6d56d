// What activate() hands to other extensions: `getAPI` only. The rest (the registry, with every server's
// password; the tree; the cluster) is for this extension's own tests, which run in the extension host too.
// Pure (no `vscode`), so it is unit-tested.

export interface PublicExports {
  getAPI: (version: 1) => unknown;
}

/**
 * The full test surface only when `testRun`: VS Code's Test mode (extension tests beside the extension under
 * development), or the packaged-.vsix smoke run, where the installed copy runs in Production mode and the
 * runner marks the extension host with OCS_TEST_INTERNALS=1 (see test/run/vsix.ts).
 */
export function exportedApi<T extends PublicExports>(full: T, testRun: boolean): T | PublicExports {
  if (testRun) return full;
  const { getAPI } = full;
  return { getAPI };
}

/** Whether this extension host runs this extension's tests (see exportedApi). */
export function isTestRun(extensionModeIsTest: boolean, env: NodeJS.ProcessEnv = process.env): boolean {
  return extensionModeIsTest || env.OCS_TEST_INTERNALS === '1';
}
