import { z } from "zod";
import { IntercomError } from "../errors.ts";
import type { CallOptions, IntercomHttp } from "../http.ts";
import { MAX_PER_PAGE, pageOf, pagesOf, type SearchQuery, searchPageOf } from "../paging.ts";
import { contactSchema, type IntercomContact } from "../schemas/contact.ts";
import { deletedContactSchema, listOf } from "../schemas/responses.ts";

const contactList = listOf(contactSchema);

/** What the product knows about a user; `userId` is Intercom's `external_id`. */
interface Identity {
  userId: string;
  email?: string | null | undefined;
  name?: string | null | undefined;
  phone?: string | null | undefined;
  role?: "user" | "lead" | undefined;
  signedUpAt?: number | null | undefined;
  customAttributes?: Record<string, unknown> | undefined;
}

export type { SearchQuery };

function identityBody(identity: Identity) {
  return Object.fromEntries(
    Object.entries({
      role: identity.role ?? "user",
      external_id: identity.userId,
      email: identity.email ?? undefined,
      name: identity.name ?? undefined,
      phone: identity.phone ?? undefined,
      signed_up_at: identity.signedUpAt ?? undefined,
      custom_attributes: identity.customAttributes,
    }).filter(([, v]) => v !== undefined),
  );
}

/** Intercom's 409 names the existing contact: "A contact matching those details already exists with id=…". */
function existingIdFromConflict(error: IntercomError): string | null {
  return /id=([A-Za-z0-9_-]+)/.exec(error.upstreamMessage)?.[1] ?? null;
}

export function contactOperations(http: IntercomHttp) {
  const get = (id: string) =>
    http.request({
      method: "GET",
      path: `/contacts/${encodeURIComponent(id)}`,
      schema: contactSchema,
    });

  const searchPage = searchPageOf(http, "/contacts/search", contactList, (res) => res.data);

  async function findOne(field: "email" | "external_id", value: string) {
    const page = await searchPage({ query: { field, operator: "=", value }, perPage: 1 }, null);
    return page.items[0] ?? null;
  }

  return {
    getContact: get,
    findContactByEmail: (email: string) => findOne("email", email),
    findContactByExternalId: (userId: string) => findOne("external_id", userId),
    searchContactsPage: searchPage,
    searchContacts: (search: SearchQuery, startAfter: string | null = null) =>
      pagesOf((cursor) => searchPage(search, cursor), startAfter),
    listContactsPage: async (cursor: string | null, perPage = MAX_PER_PAGE) => {
      const res = await http.request({
        method: "GET",
        path: "/contacts",
        query: { per_page: Math.min(perPage, MAX_PER_PAGE), starting_after: cursor ?? undefined },
        schema: contactList,
      });
      return pageOf(res.data, res);
    },

    /**
     * Creates the contact, or on Intercom's 409 duplicate updates the one it names. Safe to
     * send twice: a create that landed makes the second one the 409 and its update.
     */
    async upsertContact(identity: Identity, call: CallOptions = {}): Promise<IntercomContact> {
      const body = identityBody(identity);
      try {
        return await http.request({
          method: "POST",
          path: "/contacts",
          body,
          schema: contactSchema,
          idempotent: true,
          ...call,
        });
      } catch (error) {
        if (!(error instanceof IntercomError) || error.code !== "conflict") throw error;
        const existing =
          existingIdFromConflict(error) ??
          (await findOne("external_id", identity.userId))?.id ??
          (identity.email ? (await findOne("email", identity.email))?.id : undefined);
        if (!existing) throw error;
        return http.request({
          method: "PUT",
          path: `/contacts/${encodeURIComponent(existing)}`,
          body,
          schema: contactSchema,
          ...call,
        });
      }
    },

    archiveContact: (id: string) =>
      http.request({
        method: "POST",
        path: `/contacts/${encodeURIComponent(id)}/archive`,
        schema: z.looseObject({ id: z.string() }),
        idempotent: true,
      }),

    deleteContact: (id: string, call: CallOptions = {}) =>
      http.request({
        method: "DELETE",
        path: `/contacts/${encodeURIComponent(id)}`,
        schema: deletedContactSchema,
        ...call,
      }),
  };
}
