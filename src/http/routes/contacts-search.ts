import { createRoute, z } from "@hono/zod-openapi";
import { findContact, lookUpContactIds } from "../../contacts/read.ts";
import { requireAdmin } from "../admin-auth.ts";
import { CURSOR_KEYS, decodeCursor, pageFrom } from "../cursor.ts";
import { jsonBody } from "../json-body.ts";
import { routeApp } from "../route-app.ts";
import { ADMIN_SECURITY, adminProblems, json, problems } from "../schemas/common.ts";
import { Contact } from "../schemas/contacts.ts";
import { pageBody, pageOf } from "../schemas/page.ts";
import { contactView } from "../views/contacts.ts";

const ContactSearch = z
  .strictObject({
    email: z.string().min(1).max(255).optional().describe("Any case"),
    user_id: z.string().min(1).max(255).optional(),
    workspace_id: z.string().min(1).max(200).optional(),
    ...pageBody({ max: 50, default: 20 }),
  })
  .refine((q) => q.email !== undefined || q.user_id !== undefined, {
    message: "look up by email, user_id or both",
    path: ["email"],
  })
  .openapi("ContactSearch", { example: { email: "ada@example.com" } });

const route = createRoute({
  method: "post",
  path: "/v1/contacts/search",
  tags: ["Contacts"],
  summary: "Look up our copies of contacts by email and/or user_id",
  description:
    "Every live contact that matches (an email can belong to several), in id order. A POST so that the email and user id travel in the body: URLs reach platform logs that no erasure reaches.",
  middleware: [requireAdmin, jsonBody(4096)] as const,
  security: ADMIN_SECURITY,
  request: {
    body: { required: true, content: { "application/json": { schema: ContactSearch } } },
  },
  responses: {
    200: json(pageOf(Contact).openapi("ContactPage"), "The matches"),
    ...adminProblems,
    ...problems(413),
  },
});

export const contactsSearch = routeApp().openapi(route, async (c) => {
  const q = c.req.valid("json");
  const { db, config } = c.var.services;
  const workspace = q.workspace_id ?? config.INTERCOM_WORKSPACE_ID;
  const ids = await lookUpContactIds(
    db(),
    workspace,
    { email: q.email, userId: q.user_id },
    { afterId: decodeCursor(q.cursor, CURSOR_KEYS.byText)?.[0], limit: q.limit + 1 },
  );
  // The extra id only says there is more; the others are read one after another, on the one
  // connection, and a contact erased between the two reads is left out.
  const rows = [];
  for (const id of ids.slice(0, q.limit))
    rows.push({ id, contact: await findContact(db(), id, workspace) });
  if (ids.length > q.limit) rows.push({ id: "", contact: null });
  const page = pageFrom(
    rows,
    q.limit,
    (row) => [row.id],
    (row) => (row.contact ? contactView(row.contact) : null),
  );
  return c.json({ data: page.data.filter((v) => v !== null), next_cursor: page.next_cursor }, 200);
});
