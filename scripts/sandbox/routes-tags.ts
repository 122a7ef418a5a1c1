import { bodyObject, errorList, ok, type Route, type RouteContext } from "./http-kit.ts";
import { addressableContact, renderTag } from "./lookup.ts";
import type { ContactRecord, TagRecord } from "./model.ts";
import { setTagged } from "./mutate-contacts.ts";

/** Creates the tag, or answers the existing one of that name (names are case-insensitive). */
function tagNamed(ctx: RouteContext, name: string): TagRecord {
  const wanted = name.toLowerCase();
  const existing = [...ctx.ws.tags.values()].find((t) => t.name.toLowerCase() === wanted);
  if (existing) return existing;
  const tag = { id: String(2000 + ctx.ws.tags.size + ctx.ws.nextId++), name };
  ctx.ws.tags.set(tag.id, tag);
  return tag;
}

/**
 * `users: [{id, untag?}]` tags (or untags) several contacts at once. Every user is looked up
 * before any is changed, so an unknown one fails the call without tagging the others.
 */
function tagUsers(ctx: RouteContext, name: string, users: unknown[]) {
  const targets: Array<{ contact: ContactRecord; untag: boolean }> = [];
  for (const user of users) {
    const { id, untag } = (user ?? {}) as { id?: unknown; untag?: unknown };
    if (typeof id !== "string")
      return errorList(400, "parameter_invalid", "users[].id is required", "users");
    const found = addressableContact(ctx, id);
    if (found.error) return found.error;
    targets.push({ contact: found.contact, untag: untag === true });
  }
  const tag = tagNamed(ctx, name);
  for (const { contact, untag } of targets) setTagged(ctx, contact, tag.id, !untag);
  return ok({
    ...renderTag(tag),
    users: targets.map(({ contact, untag }) => ({ id: contact.id, tagged: !untag })),
  });
}

export const tagRoutes: Route[] = [
  {
    method: "GET",
    template: "/tags",
    handler: (_req, ctx) => ok({ type: "list", data: [...ctx.ws.tags.values()].map(renderTag) }),
  },
  {
    method: "POST",
    template: "/tags",
    handler: (req, ctx) => {
      const body = bodyObject(req);
      const name = body.name;
      if (typeof name !== "string" || !name.trim())
        return errorList(400, "parameter_not_found", "name is required", "name");
      if (body.users !== undefined) {
        if (!Array.isArray(body.users))
          return errorList(400, "parameter_invalid", "users must be a list", "users");
        return tagUsers(ctx, name, body.users);
      }
      // With an id, the call renames that tag (Create or Update Tag Request).
      if (typeof body.id === "string") {
        const tag = ctx.ws.tags.get(body.id);
        if (!tag) return errorList(404, "not_found", "Tag not found");
        tag.name = name;
        return ok(renderTag(tag));
      }
      return ok(renderTag(tagNamed(ctx, name)));
    },
  },
  {
    method: "GET",
    template: "/contacts/{id}/tags",
    handler: (req, ctx) => {
      const found = addressableContact(ctx, req.params.id);
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
      const found = addressableContact(ctx, req.params.id);
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
      const found = addressableContact(ctx, req.params.id);
      if (found.error) return found.error;
      const tag = ctx.ws.tags.get(req.params.tag_id ?? "");
      if (!tag) return errorList(404, "not_found", "Tag not found");
      setTagged(ctx, found.contact, tag.id, false);
      return ok(renderTag(tag));
    },
  },
];
