import * as vscode from 'vscode';
import type { Logger } from '../client/connection/logger';

/** The "OpenCode Sessions" output channel. Callers never pass secrets; URLs never carry credentials. */
export interface ExtensionLogger extends Logger, vscode.Disposable {
  show(): void;
}

export function createLogger(): ExtensionLogger {
  const channel = vscode.window.createOutputChannel('OpenCode Sessions', { log: true });
  return {
    info: (m) => channel.info(m),
    warn: (m) => channel.warn(m),
    error: (m) => channel.error(m),
    debug: (m) => channel.debug(m),
    show: () => channel.show(true),
    dispose: () => channel.dispose(),
  };
}
