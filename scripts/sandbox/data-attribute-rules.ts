import type { SandboxKnobs } from "./faults.ts";
import { errorList, type SandboxResponse } from "./http-kit.ts";
import type { DataAttributeRecord, Workspace } from "./model.ts";

/**
 * What Intercom does with the `custom_attributes` of a contact or company write (`POST` /
 * `PUT /contacts`, `POST /companies`, `PUT /companies/{id}`). Sources, strongest first:
 *
 * - A name the workspace has no custom attribute for is refused: since API 2.x "Intercom
 *   validates the custom attributes first … throws an error if a custom attribute … is not
 *   already defined" (RudderStack's Intercom v2.10 migration guide), and Segment's and
 *   SignalSmith's Intercom destinations say the same. The wording is Intercom's own for this
 *   case: "Conversation attribute 'anything' does not exist", code `parameter_invalid`
 *   (intercom/intercom-node#349, a real answer), and "User attribute 'invalid_attr' does not
 *   exist" in the 2.16 description (Fin Agent API); companies say "Company attribute …"
 *   (chosen, by the same pattern).
 * - Arrays and objects are refused: Intercom's docs ("Objects and Arrays will be rejected") and
 *   an Intercom engineer ("We do not support arrays or hashes for custom data",
 *   tarunc/intercom.io#8). Message chosen; the old API said "Value: … not of type Numeric,
 *   String or Boolean" (intercom/intercom-ruby#200).
 * - Strings over 255 characters are refused: Intercom's docs ("We only allow custom data
 *   attributes of string type to have up to 255 characters"), and Intercom support told a user
 *   an 1,800-character value made the request unprocessable (xibodevelopment/backupwordpress#793).
 *   Status 400 `parameter_invalid` and message chosen.
 * - An archived attribute is silently ignored, the call succeeding: a vendor's report of real
 *   Intercom (help.revos.ai, "Action - Update Contact"). Not an error, though the brief asked
 *   whether it is one.
 * - List attributes take one of their options only (Intercom-OpenAPI#457 documented it for all
 *   versions; #466 took the sentence out again). Enforced; message chosen.
 * - Values of another type (a string into a float, a fraction into an integer, a number into a
 *   string, anything but Unix seconds into a date) and attributes with `api_writable: false`
 *   are refused: no public report says what Intercom coerces, so the sandbox takes nothing it
 *   would have to guess at. Messages chosen. Integers are floats; null clears any attribute
 *   (intercom/intercom-node#215).
 *
 * The whole write is refused when one attribute is, as for every other 400.
 */
type Model = DataAttributeRecord["model"];

export const STRING_LIMIT = 255;

const NOUN: Record<Model, string> = { contact: "User", company: "Company" };

export function customAttribute(ws: Workspace, model: Model, name: string) {
  return ws.dataAttributes.find((a) => a.custom && a.model === model && a.name === name);
}

const TYPE_NAME: Record<DataAttributeRecord["dataType"], string> = {
  string: "a string",
  integer: "an integer",
  float: "a float",
  boolean: "a boolean",
  date: "a date (Unix seconds)",
};

function fitsType(a: DataAttributeRecord, value: unknown): boolean {
  switch (a.dataType) {
    case "string":
      return typeof value === "string";
    case "integer":
    case "date":
      return Number.isSafeInteger(value);
    case "float":
      return typeof value === "number" && Number.isFinite(value);
    case "boolean":
      return typeof value === "boolean";
  }
}

/** Why this value may not be written to this attribute, or null when it may. */
function refusal(a: DataAttributeRecord, key: string, value: unknown): string | null {
  const noun = `${NOUN[a.model]} attribute '${key}'`;
  if (!a.apiWritable) return `${noun} can't be updated through the API`;
  if (value === null) return null;
  if (!fitsType(a, value)) return `${noun} must be ${TYPE_NAME[a.dataType]}`;
  if (typeof value !== "string") return null;
  if ([...value].length > STRING_LIMIT) return `${noun} is longer than ${STRING_LIMIT} characters`;
  if (a.options && !a.options.includes(value))
    return `'${value.slice(0, 50)}' is not one of the options of ${noun}`;
  return null;
}

/**
 * The custom attributes a write may make (archived ones left out), or Intercom's 400 for the
 * first it refuses. Names in the `arrayAttributes` knob pass unchecked.
 */
export function writableCustomAttributes(
  ws: Workspace,
  model: Model,
  attributes: Record<string, unknown>,
  knobs: Pick<SandboxKnobs, "arrayAttributes">,
): { attributes: Record<string, unknown>; error?: undefined } | { error: SandboxResponse } {
  const kept: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(attributes)) {
    if (knobs.arrayAttributes.includes(key)) {
      kept[key] = value;
      continue;
    }
    const a = customAttribute(ws, model, key);
    if (!a)
      return {
        error: errorList(
          400,
          "parameter_invalid",
          `${NOUN[model]} attribute '${key}' does not exist`,
        ),
      };
    if (value !== null && typeof value === "object")
      return {
        error: errorList(
          400,
          "parameter_invalid",
          `${NOUN[model]} attribute '${key}' must be a string, number or boolean, not an ${Array.isArray(value) ? "array" : "object"}`,
        ),
      };
    if (a.archived) continue;
    const why = refusal(a, key, value);
    if (why) return { error: errorList(400, "parameter_invalid", why) };
    kept[key] = value;
  }
  return { attributes: kept };
}
