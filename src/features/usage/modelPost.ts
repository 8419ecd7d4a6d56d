// What the usage panel posts for its model's change (no `vscode`: UsagePanel sends it, the scale suite runs it):
// the whole report the first time (or after the page reloads), then only the rows from the first that changed.
import type { HostToWebview, PanelState } from './protocol';
import type { UsageModel } from './usageModel';

/** Nothing while the model has nothing to show; `report` when the page holds none of this model yet. */
export function modelPost(model: UsageModel, report: boolean, pace: string | undefined): HostToWebview | undefined {
  if (model.error && !model.summary) return { type: 'error', message: model.error };
  if (!model.summary) return undefined;
  const summary = { ...model.summary, pace };
  const steps = model.steps;
  const from = model.takeChangedFrom();
  if (!report) return { type: 'update', summary, from, steps: steps.slice(from) };
  const state: PanelState = { serverId: model.connection.config.id, sessionId: model.sessionId };
  return { type: 'report', summary, steps: [...steps], state };
}
