import { gt, type SQL, sql } from "drizzle-orm";
import { customers } from "../db/schema/customers.ts";

/**
 * High value: MRR above HIGH_VALUE_MRR; a customer without MRR is not. One rule for the alert
 * raised on crossing it, the API's `high_value` filter and the dashboard's list.
 */
export function isHighValue(mrr: number | null, highValueMrr: number): boolean {
  return (mrr ?? 0) > highValueMrr;
}

/**
 * The same rule as a condition on `customers`; `wanted: false` is everyone else, those without
 * MRR included. The positive form is a plain range on `mrr`, which customers_mrr_idx serves.
 */
export function highValueWhere(highValueMrr: number, wanted = true): SQL | undefined {
  return wanted
    ? gt(customers.mrr, highValueMrr)
    : sql`coalesce(${customers.mrr}, 0) <= ${highValueMrr}`;
}
