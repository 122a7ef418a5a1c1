import { errorList, type RouteContext, type SandboxResponse } from "./http-kit.ts";
import type { CompanyRecord, ContactRecord } from "./model.ts";
import { planNamed, segmentsOf } from "./seed-companies.ts";
import { companyContactItem, companyDeletedItem, webhookCompany } from "./webhook-items.ts";

/**
 * The changes of a company's life, each with the webhooks Intercom sends for it: shared by the
 * REST routes and `/__sandbox/mutate`.
 */

/** What `POST /companies` and `PUT /companies/{id}` take (2.16 create_or_update_company_request). */
export interface CompanyFields {
  name?: string | null;
  companyId?: string;
  /** null (the sandbox's mutations only) takes the plan away. */
  plan?: string | null;
  size?: number;
  website?: string;
  industry?: string;
  customAttributes?: Record<string, string | number | boolean | null>;
  remoteCreatedAt?: number;
  updateLastRequestAt?: boolean;
  monthlySpend?: number;
}

const WRITABLE = new Set([
  "name",
  "company_id",
  "plan",
  "size",
  "website",
  "industry",
  "custom_attributes",
  "remote_created_at",
  "update_last_request_at",
  "monthly_spend",
]);
const MAX_SPEND = 2 ** 31 - 1;
/** The most companies a contact may have (2.16: `contact_company_limit_exceeded`). */
export const CONTACT_COMPANY_LIMIT = 1_000;

const invalid = (field: string, message: string) =>
  errorList(400, "parameter_invalid", message, field);

/** The body's fields, or Intercom's 400 for the first it cannot take. */
export function companyFields(
  body: Record<string, unknown>,
): { fields: CompanyFields; error?: undefined } | { error: SandboxResponse } {
  for (const key of Object.keys(body))
    if (!WRITABLE.has(key))
      return { error: errorList(400, "bad_request", `bad '${key}' parameter`) };
  const fields: CompanyFields = {};
  const { name, company_id, plan, size, website, industry } = body;
  if (name !== undefined) {
    if (name !== null && typeof name !== "string")
      return { error: invalid("name", "name must be a string") };
    fields.name = name;
  }
  if (company_id !== undefined) fields.companyId = String(company_id);
  if (plan !== undefined) fields.plan = plan === null ? null : String(plan);
  if (size !== undefined) {
    if (typeof size !== "number") return { error: invalid("size", "size must be an integer") };
    fields.size = Math.trunc(size);
  }
  if (website !== undefined) fields.website = String(website);
  if (industry !== undefined) fields.industry = String(industry);
  if (body.monthly_spend !== undefined) {
    const spend = Number(body.monthly_spend);
    if (!Number.isFinite(spend) || Math.abs(spend) > MAX_SPEND)
      return { error: invalid("monthly_spend", "monthly_spend must be below 2147483648") };
    // "Note that this will truncate floats", says the 2.16 request description.
    fields.monthlySpend = Math.trunc(spend);
  }
  if (body.remote_created_at !== undefined) {
    const at = Number(body.remote_created_at);
    if (!Number.isFinite(at))
      return { error: invalid("remote_created_at", "remote_created_at must be a timestamp") };
    fields.remoteCreatedAt = Math.trunc(at);
  }
  if (body.update_last_request_at === true) fields.updateLastRequestAt = true;
  if (body.custom_attributes !== undefined) {
    const attributes = body.custom_attributes;
    if (!attributes || typeof attributes !== "object" || Array.isArray(attributes))
      return { error: invalid("custom_attributes", "custom_attributes must be an object") };
    // Intercom keeps strings, numbers and booleans; arrays and objects are refused.
    for (const value of Object.values(attributes))
      if (value !== null && typeof value === "object")
        return { error: invalid("custom_attributes", "custom attribute values must be scalars") };
    fields.customAttributes = attributes as CompanyFields["customAttributes"];
  }
  return { fields };
}

function apply(ctx: RouteContext, co: CompanyRecord, fields: CompanyFields) {
  if (fields.name !== undefined) co.name = fields.name;
  if (fields.plan !== undefined)
    co.plan = fields.plan === null ? null : planNamed(ctx.ws, fields.plan);
  if (fields.size !== undefined) co.size = fields.size;
  if (fields.website !== undefined) co.website = fields.website;
  if (fields.industry !== undefined) co.industry = fields.industry;
  if (fields.monthlySpend !== undefined) co.monthlySpend = fields.monthlySpend;
  if (fields.remoteCreatedAt !== undefined) co.remoteCreatedAt = fields.remoteCreatedAt;
  if (fields.updateLastRequestAt) co.lastRequestAt = ctx.now();
  // Custom attributes merge: the ones not named keep their values.
  if (fields.customAttributes)
    co.customAttributes = { ...co.customAttributes, ...fields.customAttributes };
  co.segmentIds = segmentsOf(co);
}

/** Later than before even within one second, so each change is a newer `updated_at`. */
const touch = (ctx: RouteContext, record: { updatedAt: number }) => {
  record.updatedAt = Math.max(ctx.now(), record.updatedAt + 1);
};

export function createCompany(ctx: RouteContext, companyId: string, fields: CompanyFields) {
  const now = ctx.now();
  const co: CompanyRecord = {
    id: ctx.newId(),
    companyId,
    name: null,
    plan: null,
    monthlySpend: 0,
    sessionCount: 0,
    size: null,
    website: null,
    industry: null,
    customAttributes: {},
    tagIds: [],
    segmentIds: [],
    remoteCreatedAt: null,
    createdAt: now,
    updatedAt: now,
    lastRequestAt: null,
  };
  apply(ctx, co, fields);
  ctx.ws.companies.set(co.id, co);
  ctx.ws.companyOrder.push(co.id);
  ctx.emit("company.created", webhookCompany(ctx.ws, co));
  return co;
}

/** `company_id` is never changed: Intercom ignores it on an update. */
export function updateCompany(ctx: RouteContext, co: CompanyRecord, fields: CompanyFields) {
  apply(ctx, co, { ...fields, companyId: undefined });
  touch(ctx, co);
  ctx.emit("company.updated", webhookCompany(ctx.ws, co));
  return co;
}

export const companyByCompanyId = (ctx: RouteContext, companyId: string) => {
  for (const co of ctx.ws.companies.values()) if (co.companyId === companyId) return co;
  return undefined;
};

/**
 * Attaching moves the contact's `updated_at` and the company's (`updated_at` and `user_count`),
 * and the notification shows both after the change, as Zulip's capture does (the company's
 * `updated_at` a little after its creation, the contact's after that, `user_count: 1`). No
 * `company.updated` or `contact.*.updated` is sent: no capture shows one for an attach.
 */
export function attachCompany(ctx: RouteContext, c: ContactRecord, co: CompanyRecord) {
  if (c.companyIds.includes(co.id)) return "already" as const;
  if (c.companyIds.length >= CONTACT_COMPANY_LIMIT) return "limit" as const;
  c.companyIds.push(co.id);
  let members = ctx.ws.companyMembers.get(co.id);
  if (!members) {
    members = new Set();
    ctx.ws.companyMembers.set(co.id, members);
  }
  members.add(c.id);
  touch(ctx, co);
  touch(ctx, c);
  ctx.emit("company.contact.attached", companyContactItem(ctx.ws, co, c));
  return "attached" as const;
}

/**
 * Detaching moves both `updated_at`s too (chosen: no capture shows a detach's own effect), but
 * the notification shows the two as they were before it: the only capture of this topic
 * (Zulip's `company_contact_detached.json`) still counts the contact in `user_count`, still
 * lists the company among the contact's, and has neither `updated_at` moved.
 */
export function detachCompany(ctx: RouteContext, c: ContactRecord, co: CompanyRecord) {
  if (!c.companyIds.includes(co.id)) return false;
  const item = companyContactItem(ctx.ws, co, c);
  c.companyIds = c.companyIds.filter((id) => id !== co.id);
  ctx.ws.companyMembers.get(co.id)?.delete(c.id);
  touch(ctx, co);
  touch(ctx, c);
  ctx.emit("company.contact.detached", item);
  return true;
}

/**
 * Intercom archives the company and detaches its contacts (2.16 `DELETE /companies/{id}`): a
 * `company.contact.detached` per contact, then `company.deleted`, in the order Zulip's captures
 * of one deletion arrived.
 */
export function deleteCompany(ctx: RouteContext, co: CompanyRecord) {
  for (const id of [...(ctx.ws.companyMembers.get(co.id) ?? [])]) {
    const c = ctx.ws.contacts.get(id);
    if (c?.mergedInto) c.companyIds = c.companyIds.filter((other) => other !== co.id);
    else if (c) detachCompany(ctx, c, co);
  }
  ctx.ws.companies.delete(co.id);
  ctx.ws.companyOrder = ctx.ws.companyOrder.filter((id) => id !== co.id);
  ctx.ws.companyMembers.delete(co.id);
  ctx.emit("company.deleted", companyDeletedItem(co));
}
