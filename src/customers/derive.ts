import type { IntercomContact } from "../intercom/schemas/contact.ts";
import { fromUnixSeconds } from "../shared/clock.ts";
import { qualityScore } from "./quality.ts";
import { revenueFrom } from "./revenue.ts";

/** The customer columns the contact sync owns (the support columns come from conversations). */
export interface CustomerFromContact {
  workspaceId: string;
  email: string;
  contactId: string;
  contactUpdatedAt: Date;
  name: string;
  stripeCustomerId: string | null;
  mrr: number | null;
  arr: number | null;
  ltv: number | null;
  activeSubscriptions: number | null;
  planName: string | null;
  planPrice: number | null;
  subscriptionStatus: string | null;
  delinquent: boolean | null;
  lastPaymentAmount: number | null;
  lastPaymentAt: Date | null;
  lastSeenAt: Date | null;
  signedUpAt: Date | null;
  country: string | null;
  city: string | null;
}

export interface Derived {
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
    const updatedAt = new Date(c.updated_at * 1000);
    const current = byEmail.get(email);
    if (current && current.contactUpdatedAt >= updatedAt) continue;
    const revenue = revenueFrom(c.custom_attributes);
    byEmail.set(email, {
      workspaceId,
      email,
      contactId: c.id,
      contactUpdatedAt: updatedAt,
      name: c.name?.trim() || (email.split("@")[0] ?? email),
      stripeCustomerId: revenue.stripeCustomerId,
      mrr: revenue.mrr,
      arr: revenue.arr,
      ltv: revenue.ltv,
      activeSubscriptions: revenue.activeSubscriptions,
      planName: revenue.planName,
      planPrice: revenue.planPrice,
      subscriptionStatus: revenue.subscriptionStatus,
      delinquent: revenue.delinquent,
      lastPaymentAmount: revenue.lastPaymentAmount,
      lastPaymentAt: revenue.lastPaymentAt,
      lastSeenAt: fromUnixSeconds(c.last_seen_at),
      signedUpAt: fromUnixSeconds(c.signed_up_at),
      country: c.location?.country ?? null,
      city: c.location?.city ?? null,
    });
  }
  return { customers: [...byEmail.values()], skippedNoEmail, skippedBadEmail };
}

export function qualityOf(
  c: CustomerFromContact,
  support: { conversationsTotal: number | null; averageCsat: number | null },
  now: Date,
): number {
  return qualityScore({ ...c, ...support }, now);
}
