// The usage panel: a webview (its page is webview/, their messages protocol.ts beside it) on the active session's
// steps, totals and trend, restored after a reload, and Show Usage.
import type { App } from '../../app';
import { paceHeadline } from '../../app/budgets/forecastWords';
import { registerShowUsage } from './showUsage';
import { UsagePanelHost } from './usagePanelHost';

export function registerUsage(app: App): { usage: UsagePanelHost } {
  // Registers the webview serializer now, so a panel open before a reload comes back.
  const usage = new UsagePanelHost(
    app.extension.extensionUri,
    app.active,
    app.sessions,
    (m) => app.log.warn(m),
    () => paceHeadline(app.spend),
    (serverId, sessionId) => {
      const pause = app.budgetPauses.of(serverId, sessionId);
      return pause && { at: pause.at, why: { name: pause.budget, limit: pause.limit } };
    },
    (serverId, sessionId) => app.budgetPauses.ended.of(serverId, sessionId),
  );
  app.extension.subscriptions.push(usage, registerShowUsage(app.targets, usage));
  return { usage };
}
