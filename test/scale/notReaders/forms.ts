// Exports of the forms modules that read nothing a server or a model sends, each with why (../notReaders.ts).
export const formsNotReaders: Record<string, string> = {
  'src/features/inbox/answerForm.ts#askForm':
    'walks a form one user answer at a time: each field’s conditions go to isFieldActive, its options to optionChoices, ' +
    'its answers to fieldProblem and fieldNote (all registered); the rest is VS Code’s quick pick and input box',
  'src/features/inbox/formInputs.ts#FormInputs':
    'shows a quick pick or an input box and hands each keystroke’s text to the check its caller gives (fieldProblem, ' +
    'fieldNote); it reads nothing of the form itself',
};
