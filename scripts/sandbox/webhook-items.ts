import type {
  CompanyRecord,
  ContactRecord,
  ConversationRecord,
  TagRecord,
  Workspace,
} from "./model.ts";
import { renderContact, renderConversation } from "./render.ts";
import { userCount } from "./render-company.ts";

/**
 * The items of webhook notifications, as real Intercom deliveries carry them: not always the
 * REST objects the OpenAPI description documents (see ../shared/reference/
 * intercom-real-shapes.md). A contact's times are ISO-8601 strings, in two formats within one
 * object; a conversation keeps Unix seconds except inside `statistics`; archive, delete and
 * conversation-delete items are minimal.
 */

/** `2026-01-10T04:22:28.000+00:00`: the format of a contact's `created_at` / `updated_at`. */
export const isoOffset = (seconds: number) =>
  new Date(seconds * 1000).toISOString().replace("Z", "+00:00");
/** `2026-01-10T04:39:55.000Z`: the format of its other times. */
export const isoZulu = (seconds: number) => new Date(seconds * 1000).toISOString();

const OFFSET_FORMAT = new Set(["created_at", "updated_at"]);

/** Every `*_at` of an object as an ISO string (same instant, milliseconds from its seconds). */
function isoTimes(
  item: Record<string, unknown>,
  format: (key: string) => (seconds: number) => string,
) {
  return Object.fromEntries(
    Object.entries(item).map(([key, value]) =>
      key.endsWith("_at") && typeof value === "number" ? [key, format(key)(value)] : [key, value],
    ),
  );
}

/** The full contact, as `contact.*.created|updated`, `…unarchived`, `…merged` carry it. */
export function webhookContact(ws: Workspace, c: ContactRecord) {
  return isoTimes(renderContact(ws, c), (key) => (OFFSET_FORMAT.has(key) ? isoOffset : isoZulu));
}

/** `contact.archived`: only who, nothing else (no `updated_at`, no email). */
export const archivedItem = (c: ContactRecord) => ({
  id: c.id,
  external_id: c.externalId,
  type: "contact",
  archived: true,
});

/**
 * `contact.deleted`: `external_id` is sometimes there and sometimes not a key at all; which,
 * is fixed by the contact's id so a run can be repeated.
 */
export function deletedItem(c: ContactRecord) {
  const withExternalId = Number.parseInt(c.id.slice(-1), 16) % 2 === 0;
  return {
    id: c.id,
    ...(withExternalId ? { external_id: c.externalId } : {}),
    type: "contact",
    deleted: true,
  };
}

/** `contact.{user,lead}.tag.{created,deleted}`: the tag and the whole contact, no `created_at`. */
export const tagItem = (ws: Workspace, c: ContactRecord, tag: TagRecord) => ({
  type: "contact_tag",
  tag: { type: "tag", id: tag.id, name: tag.name },
  contact: webhookContact(ws, c),
});

/** Every `conversation.*` topic: the whole conversation, `statistics.*_at` as ISO strings. */
export function webhookConversation(ws: Workspace, c: ConversationRecord) {
  const rendered = renderConversation(ws, c);
  return {
    ...rendered,
    statistics: isoTimes(rendered.statistics, () => isoZulu),
  };
}

/** `conversation.deleted`: the id under `conversation_id`, and no `id`. */
export const conversationDeletedItem = (id: string) => ({
  type: "conversation",
  conversation_id: id,
});

/**
 * Companies in webhooks, as Intercom delivered them to Zulip's integration (zulip/zulip,
 * zerver/webhooks/intercom/fixtures/company_*.json, captured 2026-01) and
 * ../shared/reference/intercom-real-shapes.md: not the REST company. Every key is there, unset
 * ones null (`name`, `plan`, `remote_created_at`, `last_request_at`, `size`, …), times are ISO
 * strings like a contact's, and tags are `tag_ids`.
 */
export function webhookCompany(ws: Workspace, co: CompanyRecord) {
  return isoTimes(
    {
      type: "company",
      id: co.id,
      name: co.name,
      app_id: ws.appId,
      plan: co.plan ? { type: "plan", id: co.plan.id, name: co.plan.name } : null,
      company_id: co.companyId,
      remote_created_at: co.remoteCreatedAt,
      created_at: co.createdAt,
      updated_at: co.updatedAt,
      last_request_at: co.lastRequestAt,
      size: co.size,
      website: co.website,
      industry: co.industry,
      monthly_spend: co.monthlySpend,
      session_count: co.sessionCount,
      user_count: userCount(ws, co.id),
      custom_attributes: co.customAttributes,
      tag_ids: co.tagIds,
    },
    () => isoOffset,
  );
}

/**
 * `company.contact.attached|detached`: an item with no `type`, the company (shorter again:
 * `plan_id`, no size/website/industry) and the whole contact, from the same Zulip captures.
 */
export function companyContactItem(ws: Workspace, co: CompanyRecord, c: ContactRecord) {
  return {
    company: isoTimes(
      {
        type: "company",
        id: co.id,
        company_id: co.companyId,
        app_id: ws.appId,
        name: co.name,
        plan_id: co.plan?.id ?? null,
        remote_created_at: co.remoteCreatedAt,
        created_at: co.createdAt,
        updated_at: co.updatedAt,
        last_request_at: co.lastRequestAt,
        monthly_spend: co.monthlySpend,
        session_count: co.sessionCount,
        user_count: userCount(ws, co.id),
        tag_ids: co.tagIds,
        custom_attributes: co.customAttributes,
      },
      () => isoOffset,
    ),
    contact: webhookContact(ws, c),
  };
}

/** `company.deleted`: identifying fields only, as every `*.deleted` topic. */
export const companyDeletedItem = (co: CompanyRecord) => ({
  id: co.id,
  type: "company",
  deleted: true,
});
