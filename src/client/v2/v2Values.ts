// An error as V2 events carry it, read field by field like the V1 parser does.
import { isObject, nonEmptyString } from '../../store/parse';

/**
 * An error as V2 sends it (`{type, message}`, recorded on 1.18.33's `step.failed`) or as V1 did
 * (`{name, data: {message}}`).
 */
export function v2Error(value: unknown): { name: string; message: string } {
  if (!isObject(value)) return { name: 'Error', message: 'Unknown error' };
  const name = nonEmptyString(value.name) ?? nonEmptyString(value.type) ?? 'Error';
  const data = isObject(value.data) ? value.data : {};
  return { name, message: nonEmptyString(value.message) ?? nonEmptyString(data.message) ?? name };
}
