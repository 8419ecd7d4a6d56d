import { readSetting } from '../../app/settings/settingAccess';
import { SETTING } from '../../app/settings/settingKeys';

export type NotifyOnRequest = 'always' | 'whenUnfocused' | 'never';

/** `opencodeSessions.notifyOnRequest`: when a new permission request or question raises a notification. */
export function notifyOnRequest(): NotifyOnRequest {
  const value = readSetting<string>(SETTING.notifyOnRequest);
  return value === 'always' || value === 'never' ? value : 'whenUnfocused';
}
