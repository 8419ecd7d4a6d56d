// Exports of the client modules that read nothing a server or a model sends, each with why (../notReaders.ts).
export const clientNotReaders: Record<string, string> = {};
