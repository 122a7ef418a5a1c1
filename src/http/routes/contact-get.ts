import { createRoute, z } from "@hono/zod-openapi";
import { resolvePerson, storedContactId } from "../../contacts/person.ts";
import { findContact } from "../../contacts/read.ts";
import { AppError } from "../../shared/errors.ts";
import { requireAdmin } from "../admin-auth.ts";
import { routeApp } from "../route-app.ts";
import { ADMIN_SECURITY, adminProblems, json, problems } from "../schemas/common.ts";
import { Contact } from "../schemas/contacts.ts";
import { byQuery, ContactParam } from "../schemas/person.ts";
import { contactView } from "../views/contacts.ts";

const route = createRoute({
  method: "get",
  path: "/v1/contacts/{contact}",
  tags: ["Contacts"],
  summary: "Our copy of one person's Intercom contact, with its tags",
  middleware: [requireAdmin] as const,
  security: ADMIN_SECURITY,
  request: {
    params: ContactParam,
    query: byQuery("id").extend({ workspace_id: z.string().min(1).max(200).optional() }),
  },
  responses: { 200: json(Contact, "The contact"), ...adminProblems, ...problems(404, 409) },
});

export const contactGet = routeApp().openapi(route, async (c) => {
  const { contact } = c.req.valid("param");
  const { by, workspace_id } = c.req.valid("query");
  const { db, config } = c.var.services;
  const workspace = workspace_id ?? config.INTERCOM_WORKSPACE_ID;
  const person = await resolvePerson(db(), workspace, { by, value: contact });
  const id = await storedContactId(db(), workspace, person);
  // By Intercom id without a workspace, any workspace's copy is found, as it always was.
  const found = id ? await findContact(db(), id, by === "id" ? workspace_id : workspace) : null;
  if (!found) throw new AppError("not_found", by === "id" ? `no contact ${id}` : "no such contact");
  return c.json(contactView(found), 200);
});
