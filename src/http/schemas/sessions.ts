import { z } from "@hono/zod-openapi";

export const SessionsEnded = z
  .object({
    ended: z.int().min(0).describe("Dashboard sessions that were live and are now ended (revoked)"),
  })
  .openapi("SessionsEnded");
