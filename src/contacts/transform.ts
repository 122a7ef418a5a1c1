import type { WriteSource } from "../db/schema/index.ts";
import type { IntercomContact } from "../intercom/schemas/contact.ts";
import { fromUnixSeconds } from "../shared/clock.ts";
import type { ContactRow } from "./write.ts";

/** Intercom writes "" and whitespace where a value is not set. */
export const blankToNull = (value: string | null | undefined) =>
  value === undefined || value === null || value.trim() === "" ? null : value;

/**
 * Intercom contact (2.16) to our row. Version 1 `user` payloads (legacy topics) call the
 * external id `user_id`; both are read.
 */
export function toContactRow(
  workspaceId: string,
  contact: IntercomContact,
  written: { at: Date; from: WriteSource },
): ContactRow {
  const legacyUserId = typeof contact.user_id === "string" ? contact.user_id : null;
  const location = contact.location;
  return {
    workspaceId,
    id: contact.id,
    role: contact.role ?? (contact.type === "user" ? "user" : null),
    externalId: blankToNull(contact.external_id ?? legacyUserId),
    email: blankToNull(contact.email),
    name: blankToNull(contact.name),
    phone: blankToNull(contact.phone),
    ownerId: contact.owner_id && contact.owner_id !== "0" ? contact.owner_id : null,
    location: location
      ? {
          country: location.country ?? null,
          region: location.region ?? null,
          city: location.city ?? null,
        }
      : null,
    intercomCreatedAt: fromUnixSeconds(contact.created_at),
    intercomUpdatedAt: fromUnixSeconds(contact.updated_at),
    signedUpAt: fromUnixSeconds(contact.signed_up_at),
    lastSeenAt: fromUnixSeconds(contact.last_seen_at),
    customAttributes: contact.custom_attributes ?? {},
    // The payload minus its custom attributes, which have their own column: the Stripe app's
    // subscriptions and payments are most of a contact, and storing them twice cost a quarter
    // of the sync's throughput (bench:sync). raw + custom_attributes is the whole payload.
    raw: withoutCustomAttributes(contact),
    writtenAt: written.at,
    writtenFrom: written.from,
  };
}

function withoutCustomAttributes(contact: IntercomContact): Record<string, unknown> {
  const { custom_attributes: _stored, ...rest } = contact;
  return rest;
}
