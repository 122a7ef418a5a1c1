import { Hono } from "hono";
import type { Env } from "../config/env.ts";
import { createServices } from "../services.ts";
import { AppError, asAppError } from "../shared/errors.ts";
import type { AppEnv } from "./app-env.ts";
import { problemResponse } from "./problem.ts";
import { registerContactGet } from "./routes/contact-get.ts";
import { registerHealth } from "./routes/health.ts";
import { registerNoop } from "./routes/noop.ts";
import { registerWebhookDeliveries } from "./routes/webhook-deliveries.ts";
import { registerIntercomWebhook } from "./routes/webhooks-intercom.ts";

export function buildApp(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use(async (c, next) => {
    const services = createServices(c.env as Env, { path: c.req.path, method: c.req.method });
    c.set("services", services);
    try {
      await next();
    } finally {
      c.executionCtx.waitUntil(services.close());
    }
  });
  registerHealth(app);
  registerIntercomWebhook(app);
  registerContactGet(app);
  registerWebhookDeliveries(app);
  registerNoop(app);
  app.notFound((c) =>
    problemResponse(
      new AppError("not_found", `no route for ${c.req.method} ${c.req.path}`),
      c.req.path,
    ),
  );
  app.onError((error, c) => {
    const appError = asAppError(error);
    if (appError.kind === "internal" || appError.kind === "configuration") {
      console.error(
        JSON.stringify({
          level: "error",
          message: appError.message,
          path: c.req.path,
          kind: appError.kind,
        }),
      );
    }
    return problemResponse(appError, c.req.path);
  });
  return app;
}
