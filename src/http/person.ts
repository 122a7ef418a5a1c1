import type { Context } from "hono";
import { type PersonRef, resolvePerson } from "../contacts/person.ts";
import { refuseIfErased } from "../erasure/suppression.ts";
import { AppError } from "../shared/errors.ts";
import type { AppEnv } from "./app-env.ts";

/**
 * The person a request names, by the one rule of src/contacts/person.ts. An email that names
 * no contact may be an erased person's (their contact is a tombstone): that is said as such.
 */
export async function personOf(c: Context<AppEnv>, ref: PersonRef) {
  const { db, config } = c.var.services;
  try {
    return await resolvePerson(db(), config.INTERCOM_WORKSPACE_ID, ref);
  } catch (error) {
    if (ref.by === "email" && error instanceof AppError && error.kind === "not_found")
      await refuseIfErased(db(), config.ERASURE_HASH_KEY, { email: ref.value });
    throw error;
  }
}
