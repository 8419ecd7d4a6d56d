import * as vscode from 'vscode';
import { configuredBinaryPath, resolveOpencodeBinary, type BinaryResolution } from './opencodeBinary';
import { SETTINGS_SECTION } from './serverRegistry';

/** The `opencode` to run: the user/machine `localServer.binaryPath` (never a workspace value), else PATH. */
export function findOpencode(): BinaryResolution {
  const inspected = vscode.workspace.getConfiguration(SETTINGS_SECTION).inspect<string>('localServer.binaryPath');
  return resolveOpencodeBinary({ configured: configuredBinaryPath(inspected) });
}
