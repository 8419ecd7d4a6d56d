// The forms readers of the scale registry (../registry.ts).
import type { Reader } from '../reader';

export const formsReaders: Array<Reader<unknown, unknown>> = [];
