import type { Hono } from "hono";
import type { AppEnv } from "../app-env.ts";

/**
 * A route that does nothing, for the webhook benchmark's baseline. It answers 404 unless
 * `BENCH_ROUTES=1`, which only local runs set.
 */
export function registerNoop(app: Hono<AppEnv>) {
  app.post("/__bench/noop", (c) =>
    c.env.BENCH_ROUTES === "1" ? c.json({ ok: true }) : c.notFound(),
  );
}
