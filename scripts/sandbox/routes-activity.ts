import { openConversation } from "./admin-messages.ts";
import { eventList } from "./events-list.ts";
import { bodyObject, errorList, ok, type Route, type RouteContext } from "./http-kit.ts";
import { addressableContact, renderAdmin } from "./lookup.ts";
import type { ContactRecord } from "./model.ts";

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

export const activityRoutes: Route[] = [
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
      return ok(eventList(ctx.ws, contact, req.query.get("summary") === "true"));
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
      const found = addressableContact(ctx, to?.id);
      if (found.error) return found.error;
      const id = String(40_000 + ctx.ws.nextId++);
      const subject = typeof body.subject === "string" ? body.subject : "";
      const opened = openConversation(ctx, found.contact.id, {
        id,
        body: body.body,
        subject,
        adminId: author.id,
      });
      return ok({
        type: "user_message",
        id,
        created_at: ctx.now(),
        subject: body.subject ?? "",
        body: body.body,
        message_type: type === "in_app" ? "inapp" : type,
        conversation_id: opened.id,
      });
    },
  },
  {
    method: "GET",
    template: "/admins",
    handler: (_req, ctx) => ok({ type: "admin.list", admins: ctx.ws.admins.map(renderAdmin) }),
  },
  {
    method: "GET",
    template: "/me",
    handler: (_req, ctx) => {
      const me = ctx.ws.admins[0];
      return ok({
        ...(me ? renderAdmin(me) : { type: "admin", id: "0" }),
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
