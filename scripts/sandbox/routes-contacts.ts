import { applyAttributes, contactWrite } from "./contact-attributes.ts";
import {
  bodyObject,
  errorList,
  ok,
  type Route,
  type RouteContext,
  type SandboxRequest,
} from "./http-kit.ts";
import { addressableContact } from "./lookup.ts";
import type { ContactRecord } from "./model.ts";
import { deleteContact, mergeContacts, setArchived } from "./mutate-contacts.ts";
import { faultyPage } from "./paging-faults.ts";
import { renderContact } from "./render.ts";
import { compileQuery, SearchQueryError } from "./search.ts";
import { webhookContact } from "./webhook-items.ts";

const FIELD_OF: Record<string, (c: ContactRecord) => unknown> = {
  id: (c) => c.id,
  external_id: (c) => c.externalId,
  email: (c) => c.email,
  name: (c) => c.name,
  phone: (c) => c.phone,
  role: (c) => c.role,
  created_at: (c) => c.createdAt,
  updated_at: (c) => c.updatedAt,
  signed_up_at: (c) => c.signedUpAt,
  last_seen_at: (c) => c.lastSeenAt,
  owner_id: (c) => c.ownerId,
};

function readerFor(c: ContactRecord) {
  return (field: string) => {
    const direct = FIELD_OF[field];
    if (direct) return direct(c);
    if (field.startsWith("custom_attributes.")) return c.customAttributes[field.slice(18)];
    return undefined;
  };
}

const findContact = (req: SandboxRequest, ctx: RouteContext) =>
  addressableContact(ctx, req.params.id);

const visible = (c: ContactRecord | undefined): c is ContactRecord => Boolean(c && !c.mergedInto);

function duplicateOf(ctx: RouteContext, email: unknown, externalId: unknown, except?: string) {
  for (const c of ctx.ws.contacts.values()) {
    if (c.id === except || c.mergedInto) continue;
    if (typeof externalId === "string" && c.externalId === externalId) return c;
    if (
      typeof email === "string" &&
      c.email &&
      c.email.toLowerCase() === email.toLowerCase() &&
      c.role === "user"
    )
      return c;
  }
  return null;
}

export const contactRoutes: Route[] = [
  {
    method: "POST",
    template: "/contacts",
    handler: (req, ctx) => {
      const write = contactWrite(ctx, bodyObject(req));
      if (write.error) return write.error;
      const body = write.body;
      if (!body.email && !body.external_id && !body.role) {
        return errorList(
          400,
          "parameter_not_found",
          "requires one of 'email', 'external_id' or 'role'",
        );
      }
      if (
        body.email !== undefined &&
        body.email !== null &&
        !/^[^@\s]+@[^@\s]+$/.test(String(body.email))
      ) {
        return errorList(400, "parameter_invalid", "email is invalid", "email");
      }
      const existing = duplicateOf(ctx, body.email, body.external_id);
      if (existing)
        return errorList(
          409,
          "conflict",
          `A contact matching those details already exists with id=${existing.id}`,
        );
      const now = ctx.now();
      const c: ContactRecord = {
        id: ctx.newId(),
        role: body.role === "lead" ? "lead" : "user",
        externalId: null,
        email: null,
        name: null,
        phone: null,
        ownerId: null,
        createdAt: now,
        updatedAt: now,
        signedUpAt: null,
        lastSeenAt: null,
        location: null,
        customAttributes: {},
        tagIds: [],
        companyIds: [],
        archived: false,
        mergedInto: null,
      };
      applyAttributes(c, body);
      ctx.ws.contacts.set(c.id, c);
      ctx.ws.contactOrder.push(c.id);
      ctx.emit(
        c.role === "lead" ? "contact.lead.created" : "contact.user.created",
        webhookContact(ctx.ws, c),
      );
      return ok(renderContact(ctx.ws, c));
    },
  },
  {
    method: "GET",
    template: "/contacts/{id}",
    handler: (req, ctx) => {
      const found = findContact(req, ctx);
      return found.error ?? ok(renderContact(ctx.ws, found.contact));
    },
  },
  {
    method: "PUT",
    template: "/contacts/{id}",
    handler: (req, ctx) => {
      const found = findContact(req, ctx);
      if (found.error) return found.error;
      const write = contactWrite(ctx, bodyObject(req));
      if (write.error) return write.error;
      const body = write.body;
      const clash = duplicateOf(ctx, body.email, body.external_id, found.contact.id);
      if (clash)
        return errorList(
          409,
          "conflict",
          `A contact matching those details already exists with id=${clash.id}`,
        );
      applyAttributes(found.contact, body);
      found.contact.updatedAt = Math.max(ctx.now(), found.contact.updatedAt + 1);
      ctx.emit(
        found.contact.role === "lead" ? "contact.lead.updated" : "contact.user.updated",
        webhookContact(ctx.ws, found.contact),
      );
      return ok(renderContact(ctx.ws, found.contact));
    },
  },
  {
    method: "DELETE",
    template: "/contacts/{id}",
    handler: (req, ctx) => {
      const found = findContact(req, ctx);
      if (found.error) return found.error;
      const c = found.contact;
      deleteContact(ctx, c);
      return ok({ id: c.id, external_id: c.externalId, type: "contact", deleted: true });
    },
  },
  ...(["archive", "unarchive"] as const).map(
    (action): Route => ({
      method: "POST",
      template: `/contacts/{id}/${action}`,
      handler: (req, ctx) => {
        const found = findContact(req, ctx);
        if (found.error) return found.error;
        return ok(setArchived(ctx, found.contact, action === "archive"));
      },
    }),
  ),
  {
    method: "POST",
    template: "/contacts/merge",
    handler: (req, ctx) => {
      const body = bodyObject(req);
      const from = ctx.ws.contacts.get(String(body.from ?? ""));
      const into = ctx.ws.contacts.get(String(body.into ?? ""));
      if (!visible(from) || !visible(into)) return errorList(404, "not_found", "User Not Found");
      if (from.role !== "lead" || into.role !== "user") {
        return errorList(400, "parameter_invalid", "a lead can only be merged into a user");
      }
      mergeContacts(ctx, from, into);
      return ok(renderContact(ctx.ws, into));
    },
  },
  {
    method: "GET",
    template: "/contacts",
    handler: (req, ctx) => {
      const all = ctx.ws.contactOrder.map((id) => ctx.ws.contacts.get(id)).filter(visible);
      const { page, pages, total } = faultyPage(
        all,
        req.query.get("per_page"),
        req.query.get("starting_after"),
        ctx.knobs().faults,
      );
      return ok({
        type: "list",
        data: page.map((c) => renderContact(ctx.ws, c)),
        total_count: total,
        pages,
      });
    },
  },
  {
    method: "POST",
    template: "/contacts/search",
    handler: (req, ctx) => {
      const body = bodyObject(req);
      let predicate: ReturnType<typeof compileQuery>;
      try {
        predicate = compileQuery(body.query);
      } catch (error) {
        if (error instanceof SearchQueryError)
          return errorList(400, "parameter_invalid", error.message, "query");
        throw error;
      }
      const now = ctx.now();
      const sort = body.sort as { field?: string; order?: string } | undefined;
      const read = sort?.field ? FIELD_OF[sort.field] : undefined;
      if (sort?.field && !read)
        return errorList(400, "parameter_invalid", `cannot sort by ${sort.field}`, "sort");
      // A cursor chain re-runs the same query page after page: keep its result while nothing changes.
      const key = JSON.stringify([body.query, sort, ctx.searchDelaySeconds, Math.floor(now / 60)]);
      const cached = ctx.ws.searchCache.get(key);
      let ids: string[];
      if (cached && cached.version === ctx.ws.version) ids = cached.ids;
      else {
        const matches = ctx.ws.contactOrder
          .map((id) => ctx.ws.contacts.get(id))
          .filter(visible)
          // New contacts reach the search index a while after they are created (the knob).
          .filter((c) => c.createdAt + ctx.searchDelaySeconds <= now && predicate(readerFor(c)));
        if (read) {
          const sign = sort?.order === "descending" ? -1 : 1;
          matches.sort(
            (a, b) =>
              sign * (Number(read(a) ?? 0) - Number(read(b) ?? 0)) || (a.id < b.id ? -1 : 1),
          );
        }
        ids = matches.map((c) => c.id);
        if (ctx.ws.searchCache.size > 200) ctx.ws.searchCache.clear();
        ctx.ws.searchCache.set(key, { version: ctx.ws.version, ids });
      }
      const pagination = (body.pagination ?? {}) as {
        per_page?: unknown;
        starting_after?: string | null;
      };
      // Page the ids, then look up only that page: the cache is dropped on every change, so
      // its ids are current, and mapping all of them per page made a 100,000-contact chain
      // quadratic (the sandbox's CPU is the service's CPU on a benchmark machine).
      const { page, pages, total } = faultyPage(
        ids,
        pagination.per_page,
        pagination.starting_after ?? null,
        ctx.knobs().faults,
      );
      return ok({
        type: "list",
        data: page
          .map((id) => ctx.ws.contacts.get(id))
          .filter(visible)
          .map((c) => renderContact(ctx.ws, c)),
        total_count: total,
        pages,
      });
    },
  },
];
