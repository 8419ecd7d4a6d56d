// The search readers of the scale registry (../registry.ts).
import type { Reader } from '../reader';

export const searchReaders: Array<Reader<unknown, unknown>> = [];
