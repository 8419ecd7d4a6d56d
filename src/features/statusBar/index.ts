// The status bar: the active session's cost and tokens, coloured by the budgets, with warnings as a budget or
// the context window fills.
import type { App } from '../../app';
import { CostStatusBar } from './statusBar';

export function registerStatusBar(app: App): { statusBar: CostStatusBar } {
  const statusBar = new CostStatusBar(app);
  app.extension.subscriptions.push(statusBar);
  return { statusBar };
}
