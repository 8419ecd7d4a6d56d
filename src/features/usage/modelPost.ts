// What the usage panel posts for its model's change (no `vscode`: UsagePanel sends it, the scale suite runs it):
// the whole report the first time (or after the page reloads), then only the rows from the first that changed. Rows
// go POST_ROWS a message (the report's first, then updates from where the last ended): the panel posts one a turn, so
// a session of 100 000 steps is not one message the host serializes, and the page applies, in one step. The slices
// after the first bring no summary (the first brought it).
import type { HostToWebview, PanelState } from './protocol';
import type { UsageModel } from './usageModel';

/** Rows per message. */
export const POST_ROWS = 5_000;

/** Nothing while the model has nothing to show; `report` when the page holds none of this model yet. */
export function modelPost(model: UsageModel, report: boolean, pace: string | undefined): HostToWebview[] {
  if (model.error && !model.summary) return [{ type: 'error', message: model.error }];
  if (!model.summary) return [];
  const summary = { ...model.summary, pace };
  const steps = model.steps;
  const from = report ? 0 : model.takeChangedFrom();
  if (report) model.takeChangedFrom();
  const end = Math.min(steps.length, from + POST_ROWS);
  const state: PanelState = { serverId: model.connection.config.id, sessionId: model.sessionId };
  const posts: HostToWebview[] = [
    report
      ? { type: 'report', summary, steps: steps.slice(0, end), state }
      : { type: 'update', summary, from, steps: steps.slice(from, end) },
  ];
  for (let at = end; at < steps.length; at += POST_ROWS) posts.push({ type: 'update', from: at, steps: steps.slice(at, at + POST_ROWS) });
  return posts;
}
