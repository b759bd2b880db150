type JsonSchema = { properties?: Record<string, unknown>; items?: unknown; anyOf?: unknown[]; oneOf?: unknown[] };

/** The variant of a schema that describes objects/arrays (optional and nullable fields come wrapped in anyOf). */
function shape(schema: unknown): JsonSchema | null {
  if (!schema || typeof schema !== "object") return null;
  const s = schema as JsonSchema;
  if (s.properties || s.items) return s;
  for (const variant of [...(s.anyOf ?? []), ...(s.oneOf ?? [])]) {
    const found = shape(variant);
    if (found) return found;
  }
  return null;
}

/**
 * The value with object keys in the order its JSON Schema declares them (unknown
 * keys after, as they were). Postgres jsonb does not keep key order — it sorts
 * keys by length — so a kept input would otherwise show `record` before
 * `externalId`; people read and edit it in the operation's own order.
 */
export function orderLikeSchema(value: unknown, schema: unknown): unknown {
  const s = shape(schema);
  if (Array.isArray(value)) return value.map((item) => orderLikeSchema(item, s?.items));
  if (value === null || typeof value !== "object") return value;
  const record = value as Record<string, unknown>;
  const declared = Object.keys(s?.properties ?? {}).filter((k) => Object.hasOwn(record, k));
  const keys = [...declared, ...Object.keys(record).filter((k) => !declared.includes(k))];
  return Object.fromEntries(keys.map((k) => [k, orderLikeSchema(record[k], s?.properties?.[k])]));
}
