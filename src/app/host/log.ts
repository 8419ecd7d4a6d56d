import * as vscode from 'vscode';
import type { Logger } from '../../base/logger';
import { oneLogLine } from '../../present/plainText';

/** The "OpenCode Sessions" output channel. Callers never pass secrets; URLs never carry credentials. */
export interface ExtensionLogger extends Logger, vscode.Disposable {
  show(): void;
}

export function createLogger(): ExtensionLogger {
  const channel = vscode.window.createOutputChannel('OpenCode Sessions', { log: true });
  return {
    info: (m) => channel.info(oneLogLine(m)),
    warn: (m) => channel.warn(oneLogLine(m)),
    error: (m) => channel.error(oneLogLine(m)),
    debug: (m) => channel.debug(oneLogLine(m)),
    show: () => channel.show(true),
    dispose: () => channel.dispose(),
  };
}
