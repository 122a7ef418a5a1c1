import type { Context } from "hono";
import { audited } from "../audit/auditor.ts";
import { type Person, type PersonRef, subjectOf } from "../contacts/person.ts";
import { eraseOnRequest } from "../erasure/admin.ts";
import type { OutboxWrite } from "../outbox/payloads.ts";
import { acceptedResponse, idempotencyKeyOf, storeInOutbox } from "./accept.ts";
import type { AppEnv } from "./app-env.ts";
import { requestAuditor } from "./audit.ts";
import { personOf } from "./person.ts";

/**
 * What the routes about one person store. Each exists twice: the person in the path
 * (`/v1/contacts/{contact}/...`, which puts a user id or email in URLs and so in platform
 * logs) and in the body (`/v1/notes`, `/v1/tags`, `/v1/erasures`). Both store the same rows
 * under the same idempotency scope, so a retry through either is the same write.
 */
export const noteWrite = (
  c: Context<AppEnv>,
  person: Person,
  input: { body: string; admin_id?: string | undefined },
): OutboxWrite => ({
  kind: "contact.note",
  subject: subjectOf(person),
  idempotencyKey: idempotencyKeyOf(c, "note"),
  payload: { ...person, body: input.body, adminId: input.admin_id },
});

export const tagWrite = (c: Context<AppEnv>, person: Person, tag: string): OutboxWrite => ({
  kind: "contact.tag",
  subject: subjectOf(person),
  idempotencyKey: idempotencyKeyOf(c, "tag"),
  payload: { ...person, tag },
});

export const untagWrite = (c: Context<AppEnv>, person: Person, tag: string): OutboxWrite => ({
  kind: "contact.untag",
  subject: subjectOf(person),
  idempotencyKey: idempotencyKeyOf(c, "untag"),
  payload: { ...person, tag },
});

/**
 * Erase a person. The Intercom delete is stored in the outbox first (the request's guarantee),
 * then our copies are erased at once; the delivery erases again once Intercom confirmed.
 * A repeat with the same Idempotency-Key erases again (counting zeros) and sends nothing new.
 */
export async function erasePerson(c: Context<AppEnv>, ref: PersonRef) {
  const { by } = ref;
  const { services } = c.var;
  // Who was erased is never in the audit entry: its target is the erasure record's id, and
  // the detail says only how the person was named.
  const { accepted, erased } = await audited(
    await requestAuditor(c),
    "erasure.request",
    async (within) => {
      // Inside the audited action: a person nobody has is a refused erasure, on the record.
      const person = await personOf(c, ref);
      const accepted = await storeInOutbox(c, [
        {
          kind: "contact.delete",
          subject: subjectOf(person),
          idempotencyKey: idempotencyKeyOf(c, "delete"),
          payload: person,
        },
      ]);
      const [row] = accepted;
      if (!row) throw new Error("the delete was not stored");
      const erased = await eraseOnRequest(
        services.db(),
        {
          workspaceId: services.config.INTERCOM_WORKSPACE_ID,
          ...person,
          outboxRowId: row.id,
          hashKey: services.config.ERASURE_HASH_KEY,
        },
        services.clock.now(),
        (tx, outcome) => within(tx, { target: outcome.erasureId, detail: { by } }),
      );
      return { accepted, erased };
    },
    { attempted: { detail: { by } } },
  );
  return acceptedResponse(c, accepted, {
    erasure: {
      id: erased.erasureId,
      removed: erased.removed,
      suppression_id: erased.suppressionId,
    },
  });
}
