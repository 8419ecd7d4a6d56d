// The one way the extension shows a notification (or a modal dialog). A notification's message renders
// `[label](command:…)` links and its own syntax, and a message here may carry server text anywhere in it: a
// title, an error, a share link, a cluster's names. So the whole message (and a modal's detail) goes through
// messageSafe here, not argument by argument at each call: two harmless halves cannot join into a link. None of
// the extension's own messages links anywhere. ESLint (eslint.config.mjs) refuses vscode.window.show*Message
// anywhere else. What was said is kept here (`said`), for the tests to read.
import * as vscode from 'vscode';
import { RecentList } from '../../base/recentList';
import { messageSafe } from '../../present/plainText';

/** Every notification's message as it was composed, newest last: the one record of what the extension said. */
export const said = new RecentList<string>();

/** A show*Message of vscode.window, its message and a modal's detail made safe, and said. */
interface SafeShow {
  (message: string, ...items: string[]): Thenable<string | undefined>;
  (message: string, options: vscode.MessageOptions, ...items: string[]): Thenable<string | undefined>;
}

function safely(show: 'showInformationMessage' | 'showWarningMessage' | 'showErrorMessage'): SafeShow {
  return (message: string, ...rest: unknown[]) => {
    said.add(message);
    const [first, ...items] = rest;
    const options = typeof first === 'object' && first !== null ? (first as vscode.MessageOptions) : undefined;
    const safeOptions = options?.detail === undefined ? options : { ...options, detail: messageSafe(options.detail) };
    const args = options ? [safeOptions, ...items] : rest;
    return vscode.window[show](messageSafe(message), ...(args as string[]));
  };
}

export const showInformation = safely('showInformationMessage');
export const showWarning = safely('showWarningMessage');
export const showError = safely('showErrorMessage');

/** vscode.window.withProgress with its title made safe: a notification's progress title renders as a message does. */
export function withProgress<R>(
  options: vscode.ProgressOptions,
  task: (progress: vscode.Progress<{ message?: string; increment?: number }>, token: vscode.CancellationToken) => Thenable<R>,
): Thenable<R> {
  const title = options.title === undefined ? undefined : messageSafe(options.title);
  return vscode.window.withProgress({ ...options, title }, (progress, token) =>
    task(
      { report: (value) => progress.report(value.message === undefined ? value : { ...value, message: messageSafe(value.message) }) },
      token,
    ),
  );
}
