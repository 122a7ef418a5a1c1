import { readFileSync } from "node:fs";
import { Ajv, type ValidateFunction } from "ajv";
import { parse } from "yaml";

/**
 * Intercom's own OpenAPI description (2.16), used to check that the sandbox answers and our
 * client asks in Intercom's shapes. Ajv understands OpenAPI 3.0's `nullable`; formats and
 * `example` are documentation here, not constraints.
 */
// Vendored (MIT, byte-for-byte; see its README) so CI on a fresh clone has it.
const SPEC_PATH = new URL(
  "../fixtures/intercom-openapi/api.intercom.io.2.16.yaml",
  import.meta.url,
);

type Json = Record<string, unknown>;

interface Spec {
  paths: Record<string, Record<string, Json>>;
  components: Json;
}

let loaded: {
  spec: Spec;
  ajv: Ajv;
  templates: Array<{ template: string; pattern: RegExp }>;
} | null = null;
const compiled = new Map<string, ValidateFunction>();

/**
 * Points local refs at the registered document, and turns `nullable` without a `type` (which
 * OpenAPI 3.0 allows next to `$ref` or `allOf` and Ajv refuses) into "this or null".
 */
function rewriteRefs(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(rewriteRefs);
  if (node && typeof node === "object") {
    const { nullable, ...rest } = node as Json;
    if (nullable !== undefined && !("type" in rest)) {
      return nullable === true
        ? { anyOf: [rewriteRefs(rest), { type: "null" }] }
        : rewriteRefs(rest);
    }
    return Object.fromEntries(
      Object.entries(node as Json).map(([k, v]) => [
        k,
        k === "$ref" && typeof v === "string" && v.startsWith("#/")
          ? `openapi${v}`
          : rewriteRefs(v),
      ]),
    );
  }
  return node;
}

function load() {
  if (loaded) return loaded;
  const spec = rewriteRefs(parse(readFileSync(SPEC_PATH, "utf8"))) as Spec;
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  ajv.addSchema({ $id: "openapi", components: spec.components });
  // Literal segments before parameters, so /contacts/search wins over /contacts/{id}.
  const templates = Object.keys(spec.paths)
    .map((template) => ({
      template,
      pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, "[^/]+")}$`),
      params: (template.match(/\{/g) ?? []).length,
    }))
    .sort((a, b) => a.params - b.params);
  loaded = { spec, ajv, templates };
  return loaded;
}

/** The spec's path template for a concrete path (`/contacts/abc` → `/contacts/{contact_id}`). */
export function specTemplate(method: string, path: string): string | null {
  const { spec, templates } = load();
  const m = method.toLowerCase();
  return (
    templates.find((t) => t.pattern.test(path) && spec.paths[t.template]?.[m])?.template ?? null
  );
}

function validatorFor(key: string, schema: unknown): ValidateFunction {
  let fn = compiled.get(key);
  if (!fn) {
    fn = load().ajv.compile(schema as Json);
    compiled.set(key, fn);
  }
  return fn;
}

/**
 * Where real Intercom answers differently from its own 2.16 description, real Intercom wins
 * (../shared/reference/intercom-real-shapes.md, from captured answers), and the sandbox answers
 * as it does. Only these values of these fields are let through; anything else there, and
 * every other field, must still match the description.
 */
const REAL_INTERCOM: Record<string, (value: unknown) => boolean> = {
  // Every captured answer (2.9-2.15) says "priority" / "not_priority", not none|low|…|urgent.
  priority: (v) => v === "priority" || v === "not_priority",
  // Unassigned is null, not the documented 0.
  admin_assignee_id: (v) => v === null,
  team_assignee_id: (v) => v === null,
  // An integer, though admin ids elsewhere are strings.
  last_closed_by_id: (v) => Number.isInteger(v),
  // Conversations started without an opening message Intercom can show have none.
  source: (v) => v === null,
  // `GET /conversations` answers it as a string ("100").
  per_page: (v) => typeof v === "string" && /^\d+$/.test(v),
  // Page-numbered lists (companies) link their next page by URL, as Intercom's always have;
  // the 2.16 description gives them the cursor lists' object.
  next: (v) => typeof v === "string" && /^https?:\/\//.test(v),
};

/**
 * Values of a `custom_attributes` object that real Intercom keeps though the 2.16 company
 * schema says strings only: numbers and booleans (the description's own examples have them).
 */
const customAttributeValue = (pointer: string, value: unknown) =>
  pointer.split("/").at(-2) === "custom_attributes" &&
  (typeof value === "number" || typeof value === "boolean");

/** The value at a JSON pointer (`/conversations/0/priority`) of a body. */
export function valueAt(body: unknown, pointer: string): unknown {
  return pointer
    .split("/")
    .slice(1)
    .reduce<unknown>((node, key) => (node as Record<string, unknown> | null)?.[key], body);
}

function errorsOf(fn: ValidateFunction, body: unknown): string[] {
  if (fn(body)) return [];
  return (fn.errors ?? [])
    .filter((e) => {
      const field = e.instancePath.split("/").at(-1) ?? "";
      const realIntercom = REAL_INTERCOM[field];
      const kind = e.keyword === "type" || e.keyword === "enum";
      const value = valueAt(body, e.instancePath);
      if (kind && customAttributeValue(e.instancePath, value)) return false;
      return !(kind && realIntercom?.(value));
    })
    .slice(0, 10)
    .map((e) => `${e.instancePath || "(root)"} ${e.message ?? ""}`);
}

function operation(method: string, path: string) {
  const template = specTemplate(method, path);
  if (!template) return { template: null, op: null };
  return { template, op: load().spec.paths[template]?.[method.toLowerCase()] ?? null };
}

/** Errors in a response body against the spec's schema for that operation and status. */
export function validateResponse(method: string, path: string, status: number, body: unknown) {
  const { template, op } = operation(method, path);
  if (!template || !op) return [`${method} ${path} is not in Intercom's OpenAPI description`];
  const responses = op.responses as Record<string, Json> | undefined;
  const schema = (responses?.[String(status)]?.content as Json | undefined)?.["application/json"] as
    | Json
    | undefined;
  if (!schema?.schema) {
    // A documented status without content (202 for events) has an empty body.
    if (responses?.[String(status)] && !responses[String(status)]?.content)
      return body === undefined || body === ""
        ? []
        : [`${method} ${template} ${status} has a body`];
    // The description lists only some error statuses per operation; all errors share one shape.
    if (status >= 400)
      return errorsOf(validatorFor("error", { $ref: "openapi#/components/schemas/error" }), body);
    return [`${method} ${template} has no JSON schema for status ${status}`];
  }
  return errorsOf(validatorFor(`res ${method} ${template} ${status}`, schema.schema), body);
}

/** Errors in a value against one of the description's component schemas (`company`, …). */
export function validateSchema(name: string, body: unknown) {
  return errorsOf(
    validatorFor(`schema ${name}`, { $ref: `openapi#/components/schemas/${name}` }),
    body,
  );
}

/** Errors in a request body against the spec's request schema for that operation. */
export function validateRequestBody(method: string, path: string, body: unknown) {
  const { template, op } = operation(method, path);
  if (!template || !op) return [`${method} ${path} is not in Intercom's OpenAPI description`];
  const content = (op.requestBody as Json | undefined)?.content as Json | undefined;
  const schema = (content?.["application/json"] as Json | undefined)?.schema;
  if (!schema) return body === undefined ? [] : [`${method} ${template} takes no JSON body`];
  return errorsOf(validatorFor(`req ${method} ${template}`, schema), body);
}

/** The `Intercom-Version` values the description's `intercom_version` schema lists. */
export function specIntercomVersions(): string[] {
  const schemas = load().spec.components.schemas as Record<string, { enum?: string[] }>;
  return schemas.intercom_version?.enum ?? [];
}
