import { createMiddleware } from "hono/factory";
import { createServices } from "../../services.ts";
import type { AppEnv } from "../app-env.ts";

/** The request's id and its services (src/services.ts), closed once the answer is sent. */
export const requestServices = createMiddleware<AppEnv>(async (c, next) => {
  // Cloudflare's ray id where there is one: the id an operator can look up in both places.
  const requestId = c.req.header("cf-ray") ?? crypto.randomUUID();
  c.set("requestId", requestId);
  // Log lines name the route pattern, never the path: paths carry user ids and emails.
  const services = createServices(
    c.env,
    {
      get route() {
        return c.req.routePath;
      },
      method: c.req.method,
      request_id: requestId,
    },
    () => `fetch:${c.req.method} ${c.req.routePath}`,
  );
  c.set("services", services);
  try {
    await next();
  } finally {
    c.executionCtx.waitUntil(services.close());
  }
});
