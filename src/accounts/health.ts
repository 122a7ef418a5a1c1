/**
 * An account's health, 0 to 100, from its people's customer records. It starts at 100 and
 * loses, once each:
 * - 35 when any of its customers is delinquent (a failed payment is the surest churn sign);
 * - 25 when any of them mentioned cancelling in a conversation of the last 30 days;
 * - 15 when its MRR fell by more than a tenth since the figure before its last change;
 * - 15 when it has people and none of them was seen in the last 30 days;
 * - 10 when it has 3 or more open conversations.
 * Below AT_RISK_HEALTH an account is at risk (the dashboard's list, the API's filter).
 */
export interface HealthInputs {
  peopleCount: number;
  peopleSeen30d: number;
  openConversations: number;
  cancelMentions: number;
  delinquentPeople: number;
  mrr: number;
  previousMrr: number | null;
}

export const AT_RISK_HEALTH = 60;

export function accountHealth(a: HealthInputs): number {
  let health = 100;
  if (a.delinquentPeople > 0) health -= 35;
  if (a.cancelMentions > 0) health -= 25;
  if (a.previousMrr !== null && a.previousMrr > 0 && a.mrr < a.previousMrr * 0.9) health -= 15;
  if (a.peopleCount > 0 && a.peopleSeen30d === 0) health -= 15;
  if (a.openConversations >= 3) health -= 10;
  return Math.max(0, health);
}

export const isAtRisk = (health: number) => health < AT_RISK_HEALTH;
