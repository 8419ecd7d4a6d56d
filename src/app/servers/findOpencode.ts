import { configuredBinaryPath, resolveOpencodeBinary, type BinaryResolution } from './opencodeBinary';
import { inspectSetting } from '../settings/settingAccess';
import { SETTING } from '../settings/settingKeys';

/** The `opencode` to run: the user/machine `localServer.binaryPath` (never a workspace value), else PATH. */
export function findOpencode(): BinaryResolution {
  const inspected = inspectSetting<string>(SETTING.localServerBinaryPath);
  return resolveOpencodeBinary({ configured: configuredBinaryPath(inspected) });
}
