import { customAttributeRecord } from "./data-attribute-catalogue.ts";
import { errorList, type RouteContext, type SandboxResponse } from "./http-kit.ts";
import type { DataAttributeRecord } from "./model.ts";

/**
 * Creating and changing custom data attributes (`POST /data_attributes`,
 * `PUT /data_attributes/{id}`), with the refusals Intercom's 2.16 description records for them
 * (its examples are recorded answers): "Data Type isn't an option", "Your name for this
 * attribute must only contain alphanumeric characters, currency symbols, and hyphens", "You
 * already have 'X' in your company data. To save this as new people data, use a different
 * name." (so a name is taken across contacts and companies alike), "The Data Attribute model
 * field must be either contact or company", "Options isn't an array", and 404 `field_not_found`
 * "We couldn't find that data attribute to update". Every other message is chosen.
 */
type Model = DataAttributeRecord["model"];
type Result<T> = { value: T; error?: undefined } | { error: SandboxResponse };

const invalid = (message: string): { error: SandboxResponse } => ({
  error: errorList(400, "parameter_invalid", message),
});

/** Spaces and underscores too: the description's own successful example is "Mithril Shirt". */
const NAME = /^[\p{L}\p{N}\p{Sc} _-]+$/u;
const CREATABLE = ["string", "integer", "float", "boolean", "date", "datetime", "options"];
const NOUN: Record<Model, string> = { contact: "people", company: "company" };

/** A list attribute's values, from `[{value}]` (2.16) or plain strings (older SDKs send those). */
function optionsOf(raw: unknown): Result<string[]> {
  if (!Array.isArray(raw)) return invalid("Options isn't an array");
  const values = raw.map((o) =>
    typeof o === "string" ? o : (o as { value?: unknown } | null)?.value,
  );
  if (values.some((v) => typeof v !== "string")) return invalid("Options must be strings");
  if (values.length < 2) return invalid("At least two options are required");
  return { value: values as string[] };
}

/** Custom attributes in use, of both models: Intercom's help counts "per workspace". */
function atLimit(ctx: RouteContext) {
  const inUse = ctx.ws.dataAttributes.filter((a) => a.custom && !a.archived).length;
  return inUse >= ctx.knobs().customAttributeLimit;
}

const limitReached = (ctx: RouteContext) =>
  invalid(
    `You have reached the limit of ${ctx.knobs().customAttributeLimit} custom data attributes. Archive one to make room.`,
  );

export function createDataAttribute(
  ctx: RouteContext,
  body: Record<string, unknown>,
): Result<DataAttributeRecord> {
  const { name, model, description } = body;
  if (model !== "contact" && model !== "company")
    return invalid("The Data Attribute model field must be either contact or company");
  if (typeof name !== "string" || name.trim() === "") return invalid("Name can't be blank");
  if (!NAME.test(name))
    return invalid(
      "Your name for this attribute must only contain alphanumeric characters, currency symbols, and hyphens",
    );
  const asked = body.data_type;
  if (typeof asked !== "string" || !CREATABLE.includes(asked))
    return invalid("Data Type isn't an option");
  let options: string[] | null = null;
  if (asked === "options" || body.options !== undefined) {
    if (asked !== "options" && asked !== "string")
      return invalid("Only string attributes can have options");
    const parsed = optionsOf(body.options);
    if (parsed.error) return parsed;
    options = parsed.value;
  }
  if (description !== undefined && typeof description !== "string")
    return invalid("Description must be a string");
  const taken = ctx.ws.dataAttributes.find(
    (a) => a.name === name && (a.custom || a.model === model),
  );
  if (taken)
    return invalid(
      `You already have '${name}' in your ${NOUN[taken.model]} data. To save this as new ${NOUN[model]} data, use a different name.`,
    );
  if (atLimit(ctx)) return limitReached(ctx);
  // The 2.16 answer's data_type enum has no `datetime` or `options`: a list is a string.
  const dataType =
    asked === "options"
      ? "string"
      : asked === "datetime"
        ? "date"
        : (asked as DataAttributeRecord["dataType"]);
  const record = customAttributeRecord(
    ctx.ws,
    { model, name, dataType, description: description ?? "", options },
    ctx.now(),
    // Created through the API: as the description's example of one (ui_writable false).
    { ui: false, messenger: body.messenger_writable === true },
  );
  ctx.ws.dataAttributes.push(record);
  return { value: record };
}

/** What `PUT /data_attributes/{id}` may change; its name, model and type it may not. */
export function updateDataAttribute(
  ctx: RouteContext,
  a: DataAttributeRecord,
  body: Record<string, unknown>,
): Result<DataAttributeRecord> {
  // "Updating the data type is not possible" through the API (2.16 description).
  for (const fixed of ["data_type", "name", "model"])
    if (fixed in body) return invalid(`${fixed} can't be changed through the API`);
  const { archived, description, messenger_writable } = body;
  if (archived !== undefined && typeof archived !== "boolean")
    return invalid("Archived must be true or false");
  if (description !== undefined && typeof description !== "string")
    return invalid("Description must be a string");
  let options = a.options;
  if (body.options !== undefined) {
    if (a.dataType !== "string") return invalid("Only string attributes can have options");
    const parsed = optionsOf(body.options);
    if (parsed.error) return parsed;
    options = parsed.value;
  }
  if (archived === false && a.archived && atLimit(ctx)) return limitReached(ctx);
  if (typeof archived === "boolean") a.archived = archived;
  if (typeof description === "string") a.description = description;
  if (typeof messenger_writable === "boolean") a.messengerWritable = messenger_writable;
  a.options = options;
  a.updatedAt = Math.max(ctx.now(), (a.updatedAt ?? 0) + 1);
  return { value: a };
}

/**
 * `/__sandbox/mutate` `data_attribute.update`: what a teammate or an app can do that the API
 * cannot, such as an attribute the API may not write (`api_writable: false`).
 */
export function mutateDataAttributes(ctx: RouteContext, command: Record<string, unknown>) {
  if (command.kind !== "data_attribute.update") return null;
  const a = ctx.ws.dataAttributes.find(
    (x) => x.custom && x.model === command.model && x.name === command.name,
  );
  if (!a) return { error: `no custom ${String(command.model)} attribute ${String(command.name)}` };
  if (typeof command.api_writable === "boolean") a.apiWritable = command.api_writable;
  if (typeof command.ui_writable === "boolean") a.uiWritable = command.ui_writable;
  if (typeof command.archived === "boolean") a.archived = command.archived;
  a.updatedAt = Math.max(ctx.now(), (a.updatedAt ?? 0) + 1);
  return { changed: [String(a.id)] };
}
