import { writableCustomAttributes } from "./data-attribute-rules.ts";
import { errorList, type RouteContext, type SandboxResponse } from "./http-kit.ts";
import type { ContactRecord } from "./model.ts";

/**
 * The writable contact attributes of the 2.16 description (CreateContactRequest and
 * UpdateContactRequest list the same ones), with the JSON type each takes: anything else is
 * refused naming the attribute, as Intercom does.
 */
const WRITABLE: Record<string, "string" | "boolean" | "number" | "object"> = {
  role: "string",
  external_id: "string",
  email: "string",
  email_verified: "boolean",
  phone: "string",
  name: "string",
  avatar: "string",
  signed_up_at: "number",
  last_seen_at: "number",
  owner_id: "string",
  unsubscribed_from_emails: "boolean",
  custom_attributes: "object",
};

const hasType = (value: unknown, type: string) =>
  type === "object" ? typeof value === "object" && !Array.isArray(value) : typeof value === type;

/** The first attribute the body may not write, or whose value has the wrong type. */
export function invalidAttribute(body: Record<string, unknown>): string | undefined {
  return Object.keys(body).find((key) => {
    const type = WRITABLE[key];
    if (!type) return true;
    const value = body[key];
    // owner_id arrives as a number from older clients; Intercom takes both.
    if (key === "owner_id" && typeof value === "number") return false;
    return value !== null && !hasType(value, type);
  });
}

/**
 * The body of a `POST /contacts` or `PUT /contacts/{id}` as it may be applied (archived custom
 * attributes left out), or Intercom's 400 for the first attribute it refuses: unknown or
 * mistyped standard ones first, then the custom ones (data-attribute-rules.ts).
 */
export function contactWrite(
  ctx: RouteContext,
  body: Record<string, unknown>,
): { body: Record<string, unknown>; error?: undefined } | { error: SandboxResponse } {
  const extra = invalidAttribute(body);
  if (extra)
    return {
      error: errorList(400, "parameter_invalid", `${extra} is not a valid attribute`, extra),
    };
  const custom = body.custom_attributes;
  if (!custom || typeof custom !== "object") return { body };
  const checked = writableCustomAttributes(
    ctx.ws,
    "contact",
    custom as Record<string, unknown>,
    ctx.knobs(),
  );
  if (checked.error) return checked;
  return { body: { ...body, custom_attributes: checked.attributes } };
}

export function applyAttributes(c: ContactRecord, body: Record<string, unknown>) {
  if (body.role === "user" || body.role === "lead") c.role = body.role;
  if ("external_id" in body) c.externalId = (body.external_id as string | null) ?? null;
  if ("email" in body) c.email = (body.email as string | null) ?? null;
  if ("phone" in body) c.phone = (body.phone as string | null) ?? null;
  if ("name" in body) c.name = (body.name as string | null) ?? null;
  if ("owner_id" in body) c.ownerId = body.owner_id == null ? null : String(body.owner_id);
  if (typeof body.signed_up_at === "number") c.signedUpAt = body.signed_up_at;
  if (typeof body.last_seen_at === "number") c.lastSeenAt = body.last_seen_at;
  if ("avatar" in body) c.avatarUrl = (body.avatar as string | null) ?? null;
  if ("unsubscribed_from_emails" in body)
    c.unsubscribedFromEmails = body.unsubscribed_from_emails === true;
  if ("email_verified" in body) c.emailVerified = (body.email_verified as boolean | null) ?? null;
  if (body.custom_attributes && typeof body.custom_attributes === "object") {
    c.customAttributes = {
      ...c.customAttributes,
      ...(body.custom_attributes as Record<string, unknown>),
    };
  }
}
