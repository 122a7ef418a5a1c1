import { OpenAPIHono, type OpenAPIHonoOptions } from "@hono/zod-openapi";
import type { AppEnv } from "../app-env.ts";
import { invalidInput } from "./validate.ts";

/** How each validated part of a request is named in a problem's `detail`. */
const PART: Record<string, string> = {
  json: "body",
  form: "body",
  query: "query",
  param: "path",
  header: "header",
  cookie: "cookie",
};

/**
 * The contract's validators fail the way every other input check does: an AppError, so the
 * answer is the one problem+json of src/http/problem.ts (via the app's onError).
 */
export const validationHook: NonNullable<OpenAPIHonoOptions<AppEnv>["defaultHook"]> = (result) => {
  if (!result.success) throw invalidInput(result.error, PART[result.target] ?? result.target);
};

/** A group of routes (one file each) whose inputs and outputs are the contract's schemas. */
export const routeApp = () => new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
