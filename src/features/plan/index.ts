// OpenCode Go's plan windows: the key command, a refresh on demand and one warning per window crossing. The
// figures themselves are the app's (app/goPlan/goPlanModel.ts), which the status bar and session_status read.
import type { App } from '../../app';
import { registerGoKeyCommands } from './goKeyCommands';
import { GoPlanAlerts } from './goPlanAlerts';

export function registerPlan(app: App): void {
  app.extension.subscriptions.push(new GoPlanAlerts(app.goPlan), registerGoKeyCommands(app.goPlan));
}
