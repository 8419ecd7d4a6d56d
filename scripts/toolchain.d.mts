export const NODE_VERSION: string;
export const CODE_SERVER_VERSION: string;

export interface ToolchainPaths {
  dir: string;
  nodeHome: string;
  codeServer: string;
  vscode: string;
  node24: string;
  serverMain: string;
  codeServerBin: string;
}

export function cacheDir(root: string): string;
export function toolchainPaths(root: string): ToolchainPaths;
export function toolchainInstalled(root: string): boolean;
export function installToolchain(root: string, log?: (line: string) => void): Promise<ToolchainPaths>;
