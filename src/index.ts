import { workerApp } from "./app.ts";
import type { Env } from "./config/env.ts";
import { handleScheduled } from "./cron/handler.ts";
import { handleQueue } from "./queues/handler.ts";

export { IntercomGateObject } from "./intercom/gate/durable-object.ts";

const app = workerApp();

export default {
  fetch: app.fetch,
  scheduled: (controller, env) => handleScheduled(controller, env),
  queue: (batch, env) => handleQueue(batch, env),
} satisfies ExportedHandler<Env>;
