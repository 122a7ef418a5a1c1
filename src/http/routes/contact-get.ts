import { createRoute, z } from "@hono/zod-openapi";
import { findContact } from "../../contacts/read.ts";
import { AppError } from "../../shared/errors.ts";
import { requireAdmin } from "../admin-auth.ts";
import { routeApp } from "../route-app.ts";
import { ADMIN_SECURITY, adminProblems, json, problems } from "../schemas/common.ts";
import { Contact } from "../schemas/contacts.ts";
import { contactView } from "../views/contacts.ts";

const route = createRoute({
  method: "get",
  path: "/v1/contacts/{id}",
  tags: ["Contacts"],
  summary: "Our copy of one Intercom contact, with its tags",
  middleware: [requireAdmin] as const,
  security: ADMIN_SECURITY,
  request: {
    params: z.object({
      id: z
        .string()
        .min(1)
        .max(128)
        .openapi({ param: { name: "id", in: "path" }, example: "6657adf76abd0167d9419d1c" }),
    }),
    query: z.object({ workspace_id: z.string().min(1).optional() }),
  },
  responses: { 200: json(Contact, "The contact"), ...adminProblems, ...problems(404) },
});

export const contactGet = routeApp().openapi(route, async (c) => {
  const { id } = c.req.valid("param");
  const { workspace_id } = c.req.valid("query");
  const contact = await findContact(c.var.services.db(), id, workspace_id);
  if (!contact) throw new AppError("not_found", `no contact ${id}`);
  return c.json(contactView(contact), 200);
});
