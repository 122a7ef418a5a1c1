import type { Hono } from "hono";
import { z } from "zod";
import { findContact } from "../../contacts/read.ts";
import { AppError } from "../../shared/errors.ts";
import { requireAdmin } from "../admin-auth.ts";
import type { AppEnv } from "../app-env.ts";
import { validate } from "../validate.ts";
import { contactView } from "../views/contacts.ts";

const params = z.object({ id: z.string().min(1).max(128) });
const query = z.object({ workspace_id: z.string().min(1).optional() });

export function registerContactGet(app: Hono<AppEnv>) {
  app.get("/v1/contacts/:id", requireAdmin, async (c) => {
    const { id } = validate(params, c.req.param(), "path");
    const { workspace_id } = validate(query, c.req.query(), "query");
    const contact = await findContact(c.var.services.db(), id, workspace_id);
    if (!contact) throw new AppError("not_found", `no contact ${id}`);
    return c.json(contactView(contact));
  });
}
