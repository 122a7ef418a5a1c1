import { createMiddleware } from "hono/factory";
import { AppError } from "../shared/errors.ts";
import type { AppEnv } from "./app-env.ts";

const encoder = new TextEncoder();

/** Compares digests, so the time taken tells nothing about how much of the key matched. */
async function sameSecret(given: string, expected: string): Promise<boolean> {
  const [a, b] = await Promise.all([
    crypto.subtle.digest("SHA-256", encoder.encode(given)),
    crypto.subtle.digest("SHA-256", encoder.encode(expected)),
  ]);
  return crypto.subtle.timingSafeEqual(a, b);
}

/** `Authorization: Bearer <ADMIN_API_KEY>` for operator and server-to-server routes. */
export const requireAdmin = createMiddleware<AppEnv>(async (c, next) => {
  const header = c.req.header("authorization") ?? "";
  const token = /^Bearer\s+(.+)$/i.exec(header)?.[1]?.trim();
  if (!token) throw new AppError("unauthorized", "missing bearer token");
  if (!(await sameSecret(token, c.var.services.config.ADMIN_API_KEY))) {
    throw new AppError("unauthorized", "invalid bearer token");
  }
  await next();
});
