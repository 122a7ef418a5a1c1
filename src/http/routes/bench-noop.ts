import { createRoute, z } from "@hono/zod-openapi";
import { AppError } from "../../shared/errors.ts";
import { json } from "../schemas/common.ts";
import { routeApp } from "../support/route-app.ts";

const route = createRoute({
  method: "post",
  path: "/__bench/noop",
  hide: true,
  responses: { 200: json(z.object({ ok: z.boolean() }), "Nothing done") },
});

/**
 * A route that does nothing, for the webhook benchmark's baseline. It answers 404 unless
 * `BENCH_ROUTES=1`, which only local runs set. Not part of the contract.
 */
export const benchNoop = routeApp().openapi(route, (c) => {
  if (c.env.BENCH_ROUTES !== "1")
    throw new AppError("not_found", `no route for ${c.req.method} ${c.req.path}`);
  return c.json({ ok: true }, 200);
});
