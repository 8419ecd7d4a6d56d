// Exports of the v2 modules that read nothing a server or a model sends, each with why (../notReaders.ts).
export const v2NotReaders: Record<string, string> = {};
