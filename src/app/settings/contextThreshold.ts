import { readSetting } from './settingAccess';
import { SETTING } from './settingKeys';
import { thresholdFraction } from '../../store/contextUsage';

/** `opencodeSessions.contextWarningThreshold` as a fraction: what the status bar warns at and the panel draws. */
export function contextThreshold(): number {
  return thresholdFraction(readSetting<number>(SETTING.contextWarningThreshold));
}
