import type { IntercomContact } from "../intercom/schemas/contact.ts";
import { fromUnixSeconds } from "../shared/clock.ts";
import { qualityScore, type SupportInputs } from "./quality.ts";
import { type Revenue, revenueFrom } from "./revenue.ts";

/** The customer columns the contact sync owns (the support columns come from conversations). */
export interface CustomerFromContact extends Revenue {
  workspaceId: string;
  email: string;
  contactId: string;
  contactUpdatedAt: Date;
  name: string;
  lastSeenAt: Date | null;
  signedUpAt: Date | null;
  country: string | null;
  city: string | null;
}

interface Derived {
  customers: CustomerFromContact[];
  skippedNoEmail: number;
  skippedBadEmail: number;
}

// Deliberately plain: one @, something before, a dot in the domain, no spaces.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * One customer per email (case-insensitive); when several contacts share it, the most recently
 * updated wins. Contacts without an email, or with a malformed one, are skipped and counted.
 */
export function customersFromContacts(
  workspaceId: string,
  contacts: readonly IntercomContact[],
): Derived {
  const byEmail = new Map<string, CustomerFromContact>();
  let skippedNoEmail = 0;
  let skippedBadEmail = 0;
  for (const c of contacts) {
    const raw = c.email?.trim();
    if (!raw) {
      skippedNoEmail += 1;
      continue;
    }
    if (!EMAIL.test(raw)) {
      skippedBadEmail += 1;
      continue;
    }
    const email = raw.toLowerCase();
    const updatedAt = fromUnixSeconds(c.updated_at) ?? new Date(0);
    const current = byEmail.get(email);
    if (current && current.contactUpdatedAt >= updatedAt) continue;
    byEmail.set(email, {
      workspaceId,
      email,
      contactId: c.id,
      contactUpdatedAt: updatedAt,
      name: c.name?.trim() || (email.split("@")[0] ?? email),
      ...revenueFrom(c.custom_attributes),
      lastSeenAt: fromUnixSeconds(c.last_seen_at),
      signedUpAt: fromUnixSeconds(c.signed_up_at),
      country: c.location?.country ?? null,
      city: c.location?.city ?? null,
    });
  }
  return { customers: [...byEmail.values()], skippedNoEmail, skippedBadEmail };
}

export function qualityOf(c: CustomerFromContact, support: SupportInputs, now: Date): number {
  return qualityScore({ ...c, ...support }, now);
}
