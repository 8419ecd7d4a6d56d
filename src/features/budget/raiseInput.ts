// The input box Raise Budget and Resume… asks the new limit in, with the forecast beside it as it is typed. Built
// with createInputBox so the one shown now is known: the extension-host tests type into it and accept it as
// Enter would.
import * as vscode from 'vscode';
import { messageSafe } from '../../present/plainText';

/**
 * An amount as the box first shows it, as money reads elsewhere: "$4.00", "$0.05"; a limit set to finer than a
 * cent keeps its digits, so accepting it unchanged writes it unchanged (parseDollars takes either back).
 */
export function dollarsText(usd: number): string {
  const cents = usd.toFixed(2);
  return Math.abs(Number(cents) - usd) < 1e-9 ? `$${cents}` : `$${usd}`;
}

/** The typed amount in USD: "4", "4.5", "$4", "$4.00" (a "$" and spaces around it allowed); undefined otherwise. */
export function parseDollars(text: string): number | undefined {
  const match = /^\$?\s*(\d+(?:\.\d+)?)$/.exec(text.trim());
  const usd = match ? Number(match[1]) : NaN;
  // 310 digits read as Infinity, which a settings write stores as null (review).
  return Number.isFinite(usd) ? usd : undefined;
}

export interface RaiseInputOptions {
  title: string;
  value: string;
  /** What the typed amount would buy (the forecast), or why it is refused. */
  describe(text: string): { prompt: string; error?: string };
}

export class RaiseInput {
  /** The box shown now, if any. */
  shown: vscode.InputBox | undefined;
  private accepting: (() => void) | undefined;
  private checking: ((text: string) => void) | undefined;

  /** Accepts the shown box as Enter does (tests). */
  accept(): void {
    this.accepting?.();
  }

  /** Sets the shown box's text and checks it as a keystroke does (tests). */
  type(text: string): void {
    if (!this.shown) return;
    this.shown.value = text;
    this.checking?.(text);
  }

  /** The accepted text; undefined on Escape. */
  ask(options: RaiseInputOptions): Promise<string | undefined> {
    const box = vscode.window.createInputBox();
    box.title = options.title;
    box.value = options.value;
    box.ignoreFocusOut = true;
    const check = (text: string) => {
      const { prompt, error } = options.describe(text);
      box.prompt = messageSafe(prompt);
      box.validationMessage = error === undefined ? undefined : messageSafe(error);
      return error === undefined;
    };
    check(box.value);
    return new Promise((resolve) => {
      let done = false;
      const finish = (value: string | undefined) => {
        if (done) return;
        done = true;
        resolve(value);
        listeners.dispose();
        box.dispose();
        if (this.shown === box) this.shown = this.accepting = this.checking = undefined;
      };
      const accept = () => check(box.value) && finish(box.value);
      const listeners = vscode.Disposable.from(
        box.onDidChangeValue(check),
        box.onDidAccept(accept),
        box.onDidHide(() => finish(undefined)),
      );
      this.shown = box;
      this.accepting = accept;
      this.checking = check;
      box.show();
    });
  }
}
