// How a model is named wherever it shows (tree tooltip, status bar, Switch Session, the usage panel and its
// exports): `provider/model`, as OpenCode names it in its config, so that the same id offered by two
// providers reads as two models. Only the model's id when no provider is known.
import { visibleText } from './plainText';

export function modelName(providerID: string | undefined, modelID: string | undefined): string {
  if (!modelID) return '';
  return visibleText(providerID ? `${providerID}/${modelID}` : modelID);
}
