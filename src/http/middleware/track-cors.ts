import type { MiddlewareHandler } from "hono";
import { cors } from "hono/cors";
import { AppError } from "../../shared/errors.ts";
import type { AppEnv } from "../app-env.ts";

/**
 * CORS for the browser route, limited to ALLOWED_ORIGINS. A request from any other origin is
 * refused outright (403, no CORS headers), preflight included; calls without an Origin header
 * (not from a browser page) pass, since they still need a valid identity proof.
 */
export function trackCors(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const allowed = c.var.services.config.ALLOWED_ORIGINS ?? [];
    const origin = c.req.header("origin");
    if (origin !== undefined && !allowed.includes(origin)) {
      throw new AppError("forbidden", `origin ${origin} is not allowed to call this route`);
    }
    return cors({
      origin: (o) => (allowed.includes(o) ? o : null),
      allowMethods: ["POST", "OPTIONS"],
      allowHeaders: ["Authorization", "Content-Type"],
      maxAge: 600,
    })(c, next);
  };
}
