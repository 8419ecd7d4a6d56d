import * as vscode from 'vscode';
import { iconSafe, messageSafe } from '../../present/plainText';
import { oneLine } from '../../present/requestText';
import type { FormAnswer } from '../../store/formRequest';
import { asksUser, type Question } from '../../store/pendingRequest';
import { askForm } from './answerForm';
import type { FormInputs } from './formInputs';
import { sendAnswer } from './requestAnswers';
import type { RequestTarget, RequestTargets } from './requestTarget';
import { pushAll } from '../../base/arrays';

interface AnswerItem extends vscode.QuickPickItem {
  answer?: string;
  /** "Type your own answer…" */
  custom?: boolean;
}

/**
 * Answers a question (OpenCode's `question` tool) with one quick pick per question: its options, several at
 * once where it allows that, and a typed answer where it allows custom answers. The model reads the answer as
 * the tool's result. OpenCode 2 asks with a form instead (answerForm.ts). Scripts may pass `{ answers }` (labels
 * per question) or, for a form, `{ answer }` (a value per field key) after the request.
 */
export function registerAnswerQuestion(targets: RequestTargets, inputs: FormInputs): vscode.Disposable {
  return vscode.commands.registerCommand(
    'opencodeSessions.answerQuestion',
    async (arg?: unknown, options?: { answers?: string[][]; answer?: FormAnswer }) => {
      const target = await targets.find(arg, 'question');
      if (!target || !asksUser(target.request)) return false;
      return target.request.kind === 'form' ? answerForm(target, inputs, options?.answer) : answerQuestions(target, options?.answers);
    },
  );
}

async function answerForm(target: RequestTarget, inputs: FormInputs, given?: FormAnswer): Promise<boolean> {
  const request = target.request;
  if (request.kind !== 'form') return false;
  const answer = given ?? (await askForm(request, inputs));
  if (!answer) return false; // cancelled: nothing is sent, the form still waits
  return sendAnswer(target, vscode.l10n.t('Answering the question'), (api, directory) => api.replyToForm(directory, request, answer));
}

async function answerQuestions(target: RequestTarget, given?: string[][]): Promise<boolean> {
  const request = target.request;
  if (request.kind !== 'question') return false;
  const answers: string[][] = [];
  if (given) pushAll(answers, given);
  else {
    for (const [i, question] of request.questions.entries()) {
      const answer = await ask(question, i, request.questions.length);
      if (!answer) return false; // cancelled: nothing is sent, the question still waits
      answers.push(answer);
    }
  }
  return sendAnswer(target, vscode.l10n.t('Answering the question'), (api, directory) => api.replyToQuestion(directory, request, answers));
}

async function ask(question: Question, index: number, count: number): Promise<string[] | undefined> {
  const title = iconSafe(`${count > 1 ? `(${index + 1}/${count}) ` : ''}${oneLine(question.header || vscode.l10n.t('OpenCode asks'))}`);
  const placeHolder = iconSafe(oneLine(question.question));
  const items: AnswerItem[] = question.options.map((o) => ({
    label: iconSafe(oneLine(o.label)),
    description: iconSafe(oneLine(o.description)),
    answer: o.label,
  }));
  if (question.custom) items.push({ label: `$(edit) ${vscode.l10n.t('Type your own answer…')}`, custom: true, alwaysShow: true });
  if (question.multiple) {
    const picked = await vscode.window.showQuickPick(items, { title, placeHolder, canPickMany: true, ignoreFocusOut: true });
    if (!picked?.length) return undefined;
    const answers = picked.filter((p) => p.answer !== undefined).map((p) => p.answer!);
    if (picked.some((p) => p.custom)) {
      const typed = await typeAnswer(question);
      if (typed === undefined) return undefined;
      answers.push(typed);
    }
    return answers;
  }
  const picked = items.length
    ? await vscode.window.showQuickPick(items, { title, placeHolder, ignoreFocusOut: true })
    : { custom: true, label: '' };
  if (!picked) return undefined;
  if (picked.custom) {
    const typed = await typeAnswer(question);
    return typed === undefined ? undefined : [typed];
  }
  return [picked.answer!];
}

async function typeAnswer(question: Question): Promise<string | undefined> {
  // An input box's prompt renders links and icons: the model's text must not become a command link.
  const typed = await vscode.window.showInputBox({
    title: iconSafe(oneLine(question.header || vscode.l10n.t('Your answer'))),
    prompt: messageSafe(oneLine(question.question)),
    ignoreFocusOut: true,
  });
  return typed?.trim() ? typed.trim() : undefined;
}
