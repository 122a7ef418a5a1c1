import { type AnyColumn, gt, type SQL, sql } from "drizzle-orm";
import { customers } from "../db/schema/customers.ts";

/**
 * High value: MRR above HIGH_VALUE_MRR; a customer without MRR is not. One rule for the alert
 * raised on crossing it, the API's `high_value` filters (customers and accounts) and the
 * dashboard's lists.
 */
export function isHighValue(mrr: number | null, highValueMrr: number): boolean {
  return (mrr ?? 0) > highValueMrr;
}

/**
 * The same rule as a condition on an MRR column (`customers.mrr` unless told: accounts apply
 * it to theirs); `wanted: false` is everyone else, those without MRR included. The positive
 * form is a plain range on the column, which an index on it (customers_mrr_idx,
 * accounts_mrr_idx) serves.
 */
export function highValueWhere(
  highValueMrr: number,
  wanted = true,
  mrr: AnyColumn = customers.mrr,
): SQL | undefined {
  return wanted ? gt(mrr, highValueMrr) : sql`coalesce(${mrr}, 0) <= ${highValueMrr}`;
}
