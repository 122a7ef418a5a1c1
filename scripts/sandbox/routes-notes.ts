import { bodyObject, errorList, ok, paginate, type Route, type RouteContext } from "./http-kit.ts";
import { addressableContact, renderAdmin } from "./lookup.ts";

type Note = NonNullable<ReturnType<RouteContext["ws"]["notes"]["get"]>>[number];

function renderNote(ctx: RouteContext, contactId: string, note: Note) {
  const author = ctx.ws.admins.find((a) => a.id === note.adminId);
  return {
    type: "note",
    id: note.id,
    created_at: note.createdAt,
    contact: { type: "contact", id: contactId },
    author: author ? renderAdmin(author) : null,
    body: note.body,
  };
}

/** `page` numbers, as the official SDKs send them; a `starting_after` cursor works too. */
function notesPage(notes: Note[], query: URLSearchParams) {
  const perPage = Math.min(150, Math.max(1, Number(query.get("per_page") ?? 50) || 50));
  const page = Math.max(1, Number(query.get("page") ?? 1) || 1);
  const cursor =
    query.get("starting_after") ?? Buffer.from(String((page - 1) * perPage)).toString("base64url");
  return paginate(notes, perPage, cursor);
}

export const noteRoutes: Route[] = [
  {
    method: "GET",
    template: "/contacts/{id}/notes",
    handler: (req, ctx) => {
      const found = addressableContact(ctx, req.params.id);
      if (found.error) return found.error;
      // Newest first, as Intercom lists them.
      const notes = [...(ctx.ws.notes.get(found.contact.id) ?? [])].reverse();
      const { page, pages } = notesPage(notes, req.query);
      return ok({
        type: "list",
        data: page.map((n) => renderNote(ctx, found.contact.id, n)),
        total_count: notes.length,
        pages,
      });
    },
  },
  {
    method: "POST",
    template: "/contacts/{id}/notes",
    handler: (req, ctx) => {
      const found = addressableContact(ctx, req.params.id);
      if (found.error) return found.error;
      const body = bodyObject(req);
      if (typeof body.body !== "string" || !body.body)
        return errorList(400, "parameter_not_found", "body is required", "body");
      const adminId = body.admin_id == null ? null : String(body.admin_id);
      const author = adminId ? ctx.ws.admins.find((a) => a.id === adminId) : ctx.ws.admins[0];
      if (adminId && !author) return errorList(404, "admin_not_found", "Admin not found");
      const note: Note = {
        id: String(30_000 + ctx.ws.nextId++),
        body: `<p>${body.body}</p>`,
        createdAt: ctx.now(),
        adminId: author?.id ?? null,
      };
      const notes = ctx.ws.notes.get(found.contact.id) ?? [];
      notes.push(note);
      ctx.ws.notes.set(found.contact.id, notes);
      return ok(renderNote(ctx, found.contact.id, note));
    },
  },
];
