// Exports of the search modules that read nothing a server or a model sends, each with why (../notReaders.ts).
export const searchNotReaders: Record<string, string> = {};
