// The quick pick and input box a form's fields are answered in, one at a time. Built with createQuickPick and
// createInputBox (not showQuickPick) so a typed answer is checked as it is typed, and so the one shown now is
// known: the extension-host tests set its items and accept it (`accept`) as Enter would.
import * as vscode from 'vscode';
import { Disposable, toDisposable } from '../../base/disposable';
import { messageSafe } from '../../present/plainText';

export interface FormPickItem extends vscode.QuickPickItem {
  /** What picking it answers; the special items (type your own, skip) carry an action instead. */
  value?: string | boolean;
  action?: 'custom' | 'skip' | 'open';
}

export interface PickOptions {
  title: string;
  placeholder: string;
  many?: boolean;
  /** Preselected in a multi-select pick; the active item in a single one. */
  picked?: readonly FormPickItem[];
}

export interface TextOptions {
  title: string;
  prompt: string;
  placeholder?: string;
  value?: string;
  /** Why the text would be refused (Enter does nothing), a note that does not block it, or undefined. */
  validate(text: string): TextCheck | undefined;
}

/** A problem that keeps Enter from sending the text, or `{note}`: shown as a warning, sent all the same. */
export type TextCheck = string | { note: string };

export class FormInputs extends Disposable {
  /** The input a form shows now, if any. */
  shown: vscode.QuickPick<FormPickItem> | vscode.InputBox | undefined;
  /** What Enter does in the shown input. */
  private accepting: (() => void) | undefined;
  /** What a keystroke does in the shown input box: checks its text. */
  private checking: ((text: string) => void) | undefined;

  constructor() {
    super();
    this._register(toDisposable(() => this.shown?.hide()));
  }

  /**
   * Accepts the shown input as Enter does, with the items or text set on it through `shown` (the extension-host
   * tests: the workbench's own accept command may act on its focus before the extension's item changes reach it).
   */
  accept(): void {
    this.accepting?.();
  }

  /**
   * Sets the shown input box's text and checks it as a keystroke does (the extension-host tests: a value the
   * extension sets is not echoed back as a change, so typing cannot be driven through `shown`).
   */
  type(text: string): void {
    if (!this.shown || 'items' in this.shown) return;
    this.shown.value = text;
    this.checking?.(text);
  }

  /** The picked items; undefined when the user pressed Escape (or the pick closed otherwise). */
  pick(items: FormPickItem[], options: PickOptions): Promise<FormPickItem[] | undefined> {
    const pick = vscode.window.createQuickPick<FormPickItem>();
    pick.title = options.title;
    pick.placeholder = options.placeholder;
    pick.items = items;
    pick.canSelectMany = options.many === true;
    pick.matchOnDescription = true;
    pick.ignoreFocusOut = true;
    if (options.picked?.length) {
      if (options.many) pick.selectedItems = options.picked;
      else pick.activeItems = options.picked.slice(0, 1);
    }
    return this.run<FormPickItem[]>(pick, (finish) => () => {
      const chosen = pick.canSelectMany ? pick.selectedItems : pick.selectedItems.length ? pick.selectedItems : pick.activeItems;
      if (pick.canSelectMany || chosen.length) finish([...chosen]);
    });
  }

  /** The accepted text (checked by `validate` first); undefined on Escape. */
  async text(options: TextOptions): Promise<string | undefined> {
    const box = vscode.window.createInputBox();
    box.title = options.title;
    // An input box's prompt and message render links and icons: the model's text must not become a command link.
    box.prompt = messageSafe(options.prompt);
    box.placeholder = options.placeholder;
    box.value = options.value ?? '';
    box.ignoreFocusOut = true;
    const check = (text: string) => {
      const checked = options.validate(text);
      box.validationMessage =
        checked === undefined
          ? undefined
          : typeof checked === 'string'
            ? messageSafe(checked)
            : { message: messageSafe(checked.note), severity: vscode.InputBoxValidationSeverity.Warning };
      return typeof checked !== 'string';
    };
    const checking = box.onDidChangeValue(check);
    this.checking = check;
    try {
      return await this.run<string>(box, (finish) => () => {
        if (check(box.value)) finish(box.value);
      });
    } finally {
      checking.dispose();
    }
  }

  /** Shows `input` until it is accepted (the function `accepter` makes, given how to finish) or hidden. */
  private run<T>(
    input: vscode.QuickPick<FormPickItem> | vscode.InputBox,
    accepter: (finish: (v: T) => void) => () => void,
  ): Promise<T | undefined> {
    return new Promise<T | undefined>((resolve) => {
      let done = false;
      const finish = (value: T | undefined) => {
        if (done) return;
        done = true;
        resolve(value);
        listening.dispose();
        hidden.dispose();
        input.dispose();
        if (this.shown === input) {
          this.shown = undefined;
          this.accepting = undefined;
          this.checking = undefined;
        }
      };
      const accept = accepter(finish);
      const listening = input.onDidAccept(accept);
      const hidden = input.onDidHide(() => finish(undefined));
      this.shown = input;
      this.accepting = accept;
      input.show();
    });
  }
}
