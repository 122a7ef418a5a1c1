/** The inputs of the data-quality score: what we know about a customer. */
export interface QualityInputs {
  stripeCustomerId: string | null;
  activeSubscriptions: number | null;
  ltv: number | null;
  lastSeenAt: Date | null;
  country: string | null;
  city: string | null;
  conversationsTotal: number | null;
  averageCsat: number | null;
}

const DAY_MS = 86_400_000;

/**
 * 0-100: +20 Stripe customer id, +20 active subscription, +15 payment history (LTV > 0),
 * +15 seen in the last 7 days, +10 location, +10 conversation history, +10 CSAT.
 */
export function qualityScore(c: QualityInputs, now: Date): number {
  let score = 0;
  if (c.stripeCustomerId) score += 20;
  if ((c.activeSubscriptions ?? 0) > 0) score += 20;
  if ((c.ltv ?? 0) > 0) score += 15;
  if (c.lastSeenAt && now.getTime() - c.lastSeenAt.getTime() <= 7 * DAY_MS) score += 15;
  if (c.country || c.city) score += 10;
  if ((c.conversationsTotal ?? 0) > 0) score += 10;
  if (c.averageCsat !== null) score += 10;
  return score;
}
