// The modules in the extension host's require cache right after activation, recorded by the test entry
// before any test runs (a later cluster test loads the Kubernetes backend on purpose).
const KEY = '__ocsModulesAfterActivation';

export function recordModulesAfterActivation(): void {
  (globalThis as Record<string, unknown>)[KEY] = Object.keys(require.cache);
}

export function modulesAfterActivation(): string[] | undefined {
  return (globalThis as Record<string, unknown>)[KEY] as string[] | undefined;
}
