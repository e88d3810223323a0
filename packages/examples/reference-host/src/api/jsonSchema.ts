import * as t from 'io-ts';

export type JsonSchema = Record<string, unknown>;

/**
 * The JSON Schema of an io-ts codec, for the OpenAPI document. Core's branded strings are
 * custom types: they become strings described by their name, since their rules are code.
 */
export const jsonSchemaOf = (codec: t.Mixed | t.Decoder<unknown, unknown>): JsonSchema => {
  if (codec instanceof t.InterfaceType || codec instanceof t.PartialType) {
    const props = codec.props as Record<string, t.Mixed>;
    return {
      type: 'object',
      properties: Object.fromEntries(Object.entries(props).map(([k, v]) => [k, jsonSchemaOf(v)])),
      ...(codec instanceof t.InterfaceType ? { required: Object.keys(props) } : {}),
      additionalProperties: false,
    };
  }
  if (codec instanceof t.IntersectionType)
    return mergeObjects((codec.types as t.Mixed[]).map(jsonSchemaOf));
  if (codec instanceof t.UnionType) return { anyOf: (codec.types as t.Mixed[]).map(jsonSchemaOf) };
  if (codec instanceof t.KeyofType)
    return { type: 'string', enum: Object.keys(codec.keys as object) };
  if (codec instanceof t.LiteralType) return { const: codec.value };
  if (codec instanceof t.ArrayType || codec instanceof t.ReadonlyArrayType)
    return { type: 'array', items: jsonSchemaOf(codec.type as t.Mixed) };
  if (codec instanceof t.ReadonlyType || codec instanceof t.ExactType)
    return jsonSchemaOf(codec.type as t.Mixed);
  if (codec instanceof t.StringType) return { type: 'string' };
  if (codec instanceof t.NumberType) return { type: 'number' };
  if (codec instanceof t.BooleanType) return { type: 'boolean' };
  return { type: 'string', description: codec.name };
};

/** An intersection of object schemas as one object: properties and required lists joined. */
const mergeObjects = (schemas: readonly JsonSchema[]): JsonSchema => ({
  type: 'object',
  properties: Object.assign({}, ...schemas.map((s) => s['properties'] ?? {})),
  required: schemas.flatMap((s) => (s['required'] as string[] | undefined) ?? []),
  additionalProperties: false,
});
