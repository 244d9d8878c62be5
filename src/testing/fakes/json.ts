/** Any value JSON can carry. */
export type JsonValue = string | number | boolean | null | JsonArray | JsonObject;

/** A JSON array. */
export type JsonArray = JsonValue[];

/** A JSON object. Members set to `undefined` are left out when serialized. */
export interface JsonObject {
  [key: string]: JsonValue | undefined;
}

/** Whether `value` is a JSON object (not an array, not null). */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
