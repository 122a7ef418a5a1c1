import { type SQL, sql } from "drizzle-orm";
import { DAY_MS } from "../shared/clock.ts";

/** The inputs of the data-quality score: what we know about a customer. */
interface QualityInputs extends SupportInputs {
  stripeCustomerId: string | null;
  activeSubscriptions: number | null;
  ltv: number | null;
  lastPaymentAmount: number | null;
  lastSeenAt: Date | null;
  country: string | null;
  city: string | null;
}

/** What the conversation sync knows: the inputs of the score's support points. */
export interface SupportInputs {
  conversationsTotal: number | null;
  averageCsat: number | null;
}

/** 0-100 in all. The support points are owned by the conversation sync, the rest by the contact sync. */
const QUALITY_POINTS = {
  stripeCustomerId: 20,
  activeSubscription: 20,
  paymentHistory: 15,
  seenThisWeek: 15,
  location: 10,
  conversationHistory: 10,
  csat: 10,
} as const;

/**
 * The support points, once: each rule as TypeScript (for a row in hand) and as SQL (for the
 * statements that move these points on stored rows without reading them), side by side so they
 * change together; a test holds both to the same cases.
 */
const SUPPORT_RULES: ReadonlyArray<{
  points: number;
  holds: (s: SupportInputs) => boolean;
  holdsSql: (s: { total: SQL; csat: SQL }) => SQL;
}> = [
  {
    points: QUALITY_POINTS.conversationHistory,
    holds: (s) => (s.conversationsTotal ?? 0) > 0,
    holdsSql: (s) => sql`coalesce(${s.total}, 0) > 0`,
  },
  {
    points: QUALITY_POINTS.csat,
    holds: (s) => s.averageCsat !== null,
    holdsSql: (s) => sql`${s.csat} is not null`,
  },
];

export function supportPoints(s: SupportInputs): number {
  return SUPPORT_RULES.reduce((sum, rule) => sum + (rule.holds(s) ? rule.points : 0), 0);
}

/** `supportPoints` as a SQL expression over a conversation total and an average CSAT. */
export function supportPointsSql(s: { total: SQL; csat: SQL }): SQL {
  const terms = SUPPORT_RULES.map(
    (rule) => sql`case when ${rule.holdsSql(s)} then ${sql.raw(String(rule.points))} else 0 end`,
  );
  return sql`(${sql.join(terms, sql` + `)})`;
}

export function qualityScore(c: QualityInputs, now: Date): number {
  let score = supportPoints(c);
  if (c.stripeCustomerId) score += QUALITY_POINTS.stripeCustomerId;
  if ((c.activeSubscriptions ?? 0) > 0) score += QUALITY_POINTS.activeSubscription;
  // The Stripe app's flat attributes keep no history, only the last charge: a paid charge is
  // a payment history too.
  if ((c.ltv ?? 0) > 0 || (c.lastPaymentAmount ?? 0) > 0) score += QUALITY_POINTS.paymentHistory;
  if (c.lastSeenAt && now.getTime() - c.lastSeenAt.getTime() <= 7 * DAY_MS)
    score += QUALITY_POINTS.seenThisWeek;
  if (c.country || c.city) score += QUALITY_POINTS.location;
  return score;
}
