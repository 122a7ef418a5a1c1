import { bodyObject, errorList, ok, type Route, type RouteContext } from "./http-kit.ts";
import type { ContactRecord } from "./model.ts";
import { setTagged } from "./mutate-contacts.ts";

const renderTag = (t: { id: string; name: string }) => ({ type: "tag", id: t.id, name: t.name });

function contactFor(ctx: RouteContext, id: string | undefined) {
  const c = ctx.ws.contacts.get(id ?? "");
  if (!c) return { error: errorList(404, "not_found", "User Not Found") };
  if (c.mergedInto)
    return {
      error: errorList(410, "contact_merged", `Contact has been merged into ${c.mergedInto}`),
    };
  return { contact: c };
}

function eventContact(ctx: RouteContext, body: Record<string, unknown>): ContactRecord | undefined {
  const all = [...ctx.ws.contacts.values()].filter((c) => !c.mergedInto);
  if (typeof body.id === "string") return all.find((c) => c.id === body.id);
  if (typeof body.user_id === "string") return all.find((c) => c.externalId === body.user_id);
  if (typeof body.email === "string") {
    const email = body.email.toLowerCase();
    return all.find((c) => c.email?.toLowerCase() === email);
  }
  return undefined;
}

const admin = (a: { id: string; name: string; email: string; teamIds: string[] }) => ({
  type: "admin",
  id: a.id,
  name: a.name,
  email: a.email,
  job_title: "Support Engineer",
  away_mode_enabled: false,
  away_mode_reassign: false,
  has_inbox_seat: true,
  team_ids: a.teamIds.map(Number),
  avatar: "https://static.intercomassets.com/avatars/placeholder.png",
  email_verified: true,
});

export const activityRoutes: Route[] = [
  {
    method: "GET",
    template: "/tags",
    handler: (_req, ctx) => ok({ type: "list", data: [...ctx.ws.tags.values()].map(renderTag) }),
  },
  {
    method: "POST",
    template: "/tags",
    handler: (req, ctx) => {
      const name = bodyObject(req).name;
      if (typeof name !== "string" || !name.trim())
        return errorList(400, "parameter_not_found", "name is required", "name");
      // Creates the tag, or answers the existing one of that name.
      const existing = [...ctx.ws.tags.values()].find((t) => t.name === name);
      if (existing) return ok(renderTag(existing));
      const tag = { id: String(2000 + ctx.ws.tags.size + ctx.ws.nextId++), name };
      ctx.ws.tags.set(tag.id, tag);
      return ok(renderTag(tag));
    },
  },
  {
    method: "GET",
    template: "/contacts/{id}/tags",
    handler: (req, ctx) => {
      const found = contactFor(ctx, req.params.id);
      if (found.error) return found.error;
      const tags = found.contact.tagIds.flatMap((id) => {
        const tag = ctx.ws.tags.get(id);
        return tag ? [renderTag(tag)] : [];
      });
      return ok({ type: "list", data: tags });
    },
  },
  {
    method: "POST",
    template: "/contacts/{id}/tags",
    handler: (req, ctx) => {
      const found = contactFor(ctx, req.params.id);
      if (found.error) return found.error;
      const tag = ctx.ws.tags.get(String(bodyObject(req).id ?? ""));
      if (!tag) return errorList(404, "not_found", "Tag not found");
      setTagged(ctx, found.contact, tag.id, true);
      return ok(renderTag(tag));
    },
  },
  {
    method: "DELETE",
    template: "/contacts/{id}/tags/{tag_id}",
    handler: (req, ctx) => {
      const found = contactFor(ctx, req.params.id);
      if (found.error) return found.error;
      const tag = ctx.ws.tags.get(req.params.tag_id ?? "");
      if (!tag) return errorList(404, "not_found", "Tag not found");
      setTagged(ctx, found.contact, tag.id, false);
      return ok(renderTag(tag));
    },
  },
  {
    method: "POST",
    template: "/contacts/{id}/notes",
    handler: (req, ctx) => {
      const found = contactFor(ctx, req.params.id);
      if (found.error) return found.error;
      const body = bodyObject(req);
      if (typeof body.body !== "string" || !body.body)
        return errorList(400, "parameter_not_found", "body is required", "body");
      const adminId = body.admin_id == null ? null : String(body.admin_id);
      const author = adminId ? ctx.ws.admins.find((a) => a.id === adminId) : ctx.ws.admins[0];
      if (adminId && !author) return errorList(404, "admin_not_found", "Admin not found");
      const note = {
        id: String(30_000 + ctx.ws.nextId++),
        body: `<p>${body.body}</p>`,
        createdAt: ctx.now(),
        adminId: author?.id ?? null,
      };
      const notes = ctx.ws.notes.get(found.contact.id) ?? [];
      notes.push(note);
      ctx.ws.notes.set(found.contact.id, notes);
      return ok({
        type: "note",
        id: note.id,
        created_at: note.createdAt,
        contact: { type: "contact", id: found.contact.id },
        author: author ? admin(author) : null,
        body: note.body,
      });
    },
  },
  {
    method: "POST",
    template: "/events",
    handler: (req, ctx) => {
      const body = bodyObject(req);
      if (typeof body.event_name !== "string" || !body.event_name)
        return errorList(400, "parameter_not_found", "event_name is required", "event_name");
      if (typeof body.created_at !== "number")
        return errorList(400, "parameter_not_found", "created_at is required", "created_at");
      if (body.id === undefined && body.user_id === undefined && body.email === undefined) {
        return errorList(400, "parameter_not_found", "one of id, user_id or email is required");
      }
      const contact = eventContact(ctx, body);
      if (!contact) return errorList(404, "not_found", "User Not Found");
      // Intercom dedupes on (contact, event name, created_at second), still answering 202.
      const key = `${contact.id}|${body.event_name}|${body.created_at}`;
      if (!ctx.ws.eventKeys.has(key)) {
        ctx.ws.eventKeys.add(key);
        // Metadata past 10 keys is dropped silently, as Intercom does.
        const metadata = Object.fromEntries(
          Object.entries((body.metadata as Record<string, unknown>) ?? {}).slice(0, 10),
        );
        ctx.ws.events.push({
          eventName: body.event_name,
          createdAt: body.created_at,
          contactId: contact.id,
          metadata,
        });
      }
      return { status: 202 };
    },
  },
  {
    method: "GET",
    template: "/events",
    handler: (req, ctx) => {
      if (req.query.get("type") !== "user")
        return errorList(400, "parameter_invalid", "type=user is required", "type");
      const contact = eventContact(ctx, {
        id: req.query.get("intercom_user_id") ?? undefined,
        user_id: req.query.get("user_id") ?? undefined,
        email: req.query.get("email") ?? undefined,
      });
      if (!contact) return errorList(404, "not_found", "User Not Found");
      const events = ctx.ws.events
        .filter((e) => e.contactId === contact.id)
        .map((e) => ({
          type: "event",
          event_name: e.eventName,
          created_at: e.createdAt,
          user_id: contact.externalId,
          intercom_user_id: contact.id,
          email: contact.email,
          metadata: e.metadata,
        }));
      return ok({
        type: "event.list",
        events,
        pages: { type: "pages", page: 1, per_page: events.length, total_pages: 1 },
      });
    },
  },
  {
    method: "POST",
    template: "/messages",
    handler: (req, ctx) => {
      const body = bodyObject(req);
      const type = body.message_type;
      // The schema's enum says in_app, its examples say inapp: Intercom accepts both.
      if (type !== "inapp" && type !== "in_app" && type !== "email")
        return errorList(
          400,
          "parameter_invalid",
          "message_type must be inapp or email",
          "message_type",
        );
      if (typeof body.body !== "string" || !body.body)
        return errorList(400, "parameter_not_found", "body is required", "body");
      if (type === "email" && (!body.subject || !body.template))
        return errorList(
          400,
          "parameter_not_found",
          "an email needs subject and template",
          "subject",
        );
      const from = body.from as { type?: string; id?: unknown } | undefined;
      const author = ctx.ws.admins.find((a) => a.id === String(from?.id ?? ""));
      if (from?.type !== "admin" || !author)
        return errorList(404, "admin_not_found", "Admin not found");
      const to = body.to as { type?: string; id?: string } | undefined;
      const found = contactFor(ctx, to?.id);
      if (found.error) return found.error;
      const id = String(40_000 + ctx.ws.nextId++);
      return ok({
        type: "user_message",
        id,
        created_at: ctx.now(),
        subject: body.subject ?? "",
        body: body.body,
        message_type: type === "in_app" ? "inapp" : type,
        conversation_id: id,
      });
    },
  },
  {
    method: "GET",
    template: "/admins",
    handler: (_req, ctx) => ok({ type: "admin.list", admins: ctx.ws.admins.map(admin) }),
  },
  {
    method: "GET",
    template: "/me",
    handler: (_req, ctx) => {
      const me = ctx.ws.admins[0];
      return ok({
        ...(me ? admin(me) : { type: "admin", id: "0" }),
        // GET /me's admin carries an avatar object; every other admin a URL string.
        avatar: {
          type: "avatar",
          image_url: "https://static.intercomassets.com/avatars/placeholder.png",
        },
        app: {
          type: "app",
          id_code: ctx.ws.appId,
          name: "Sandbox",
          region: "US",
          timezone: "UTC",
          created_at: 1_600_000_000,
          identity_verification: false,
        },
      });
    },
  },
  {
    method: "GET",
    template: "/teams",
    handler: (_req, ctx) =>
      ok({
        type: "team.list",
        teams: ctx.ws.teams.map((t) => ({
          type: "team",
          id: t.id,
          name: t.name,
          admin_ids: t.adminIds.map(Number),
        })),
      }),
  },
];
