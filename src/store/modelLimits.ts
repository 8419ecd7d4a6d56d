// The models' context limits of one server, by `providerID/modelID` (read by the client: v1/catalogs.ts,
// v2/catalogs.ts).

export type ModelLimits = ReadonlyMap<string, number>;

export function modelKey(providerID: string, modelID: string): string {
  return `${providerID}/${modelID}`;
}
