// Exports of the forms modules that read nothing a server or a model sends, each with why (../notReaders.ts).
export const formsNotReaders: Record<string, string> = {};
