import { and, desc, eq, isNull, sql } from "drizzle-orm";
import type { Executor } from "../db/client.ts";
import { contacts } from "../db/schema/index.ts";
import { AppError } from "../shared/errors.ts";

/** How a request names one person, as Intercom's own API does. */
export type PersonRef =
  | { by: "user_id"; value: string }
  | { by: "email"; value: string }
  | { by: "id"; value: string };

/** Whom a write goes to: the product's user id, Intercom's contact id, or both. */
export interface Person {
  userId?: string | undefined;
  intercomId?: string | undefined;
}

const MAX_CANDIDATES = 20;

/**
 * The one rule for naming a person. A user id or an Intercom id is taken as given (the
 * contact may not exist yet: an identify can be on its way, and Intercom resolves it when
 * the write is delivered). An email must name exactly one of the contacts we hold: none is
 * a 404, several a 409 that lists their Intercom ids (ids only, nothing else about them).
 */
export async function resolvePerson(
  db: Executor,
  workspaceId: string,
  ref: PersonRef,
): Promise<Person> {
  if (ref.by === "user_id") return { userId: ref.value };
  if (ref.by === "id") return { intercomId: ref.value };
  const found = await db
    .select({ id: contacts.id, externalId: contacts.externalId })
    .from(contacts)
    .where(
      and(
        eq(contacts.workspaceId, workspaceId),
        sql`lower(${contacts.email}) = lower(${ref.value})`,
        isNull(contacts.deletedAt),
      ),
    )
    .orderBy(desc(contacts.intercomUpdatedAt), contacts.id)
    .limit(MAX_CANDIDATES + 1);
  const [only, ...others] = found;
  if (!only) throw new AppError("not_found", "no contact has that email");
  if (others.length > 0) {
    throw new AppError("conflict", "several contacts have that email: name one by its id", {
      candidates: found.slice(0, MAX_CANDIDATES).map((c) => c.id),
    });
  }
  return { intercomId: only.id, userId: only.externalId ?? undefined };
}

/** What an outbox row names as its subject: erasure finds pending writes by it. */
export const subjectOf = (person: Person) => person.userId ?? person.intercomId ?? null;
