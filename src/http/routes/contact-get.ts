import { createRoute, z } from "@hono/zod-openapi";
import { findContact } from "../../contacts/read.ts";
import { AppError } from "../../shared/errors.ts";
import { requireAdmin } from "../admin-auth.ts";
import { routeApp } from "../route-app.ts";
import { ADMIN_SECURITY, adminProblems, json, problems } from "../schemas/common.ts";
import { Contact } from "../schemas/contacts.ts";
import { ContactParam } from "../schemas/person.ts";
import { contactView } from "../views/contacts.ts";

const query = z.object({
  by: z.enum(["id"]).default("id").openapi({
    description:
      "Only Intercom's `id`. To find a contact by email or user id, `POST /v1/contacts/search`: a body, not a URL, which reaches platform logs that no erasure reaches.",
  }),
  workspace_id: z.string().min(1).max(200).optional(),
});

const route = createRoute({
  method: "get",
  path: "/v1/contacts/{contact}",
  tags: ["Contacts"],
  summary: "Our copy of one Intercom contact, by Intercom's id, with its tags",
  middleware: [requireAdmin] as const,
  security: ADMIN_SECURITY,
  request: { params: ContactParam, query },
  responses: { 200: json(Contact, "The contact"), ...adminProblems, ...problems(404) },
});

export const contactGet = routeApp().openapi(route, async (c) => {
  const { contact } = c.req.valid("param");
  const { workspace_id } = c.req.valid("query");
  // Without a workspace, any workspace's copy is found, as it always was.
  const found = await findContact(c.var.services.db(), contact, workspace_id);
  if (!found) throw new AppError("not_found", `no contact ${contact}`);
  return c.json(contactView(found), 200);
});
