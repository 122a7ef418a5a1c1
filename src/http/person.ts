import type { Context } from "hono";
import { type PersonRef, resolvePerson } from "../contacts/person.ts";
import type { AppEnv } from "./app-env.ts";

/** The person a request names, by the one rule of src/contacts/person.ts. */
export function personOf(c: Context<AppEnv>, ref: PersonRef) {
  const { db, config } = c.var.services;
  return resolvePerson(db(), config.INTERCOM_WORKSPACE_ID, ref);
}
