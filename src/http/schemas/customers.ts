import { z } from "@hono/zod-openapi";
import { CUSTOMER_ACCOUNTS_SHOWN } from "../../accounts/read.ts";
import { ALERT_KINDS } from "../../db/schema/customers.ts";
import { Instant, JsonValue, NullableInstant } from "./common.ts";

const num = z.number().nullable();
const int = z.int().nullable();
const text = z.string().nullable();

export const Customer = z
  .object({
    id: z.uuid().describe("The record's own id (new if the record is derived again)"),
    email: z.string(),
    name: text,
    intercom_contact_id: text,
    stripe_customer_id: text,
    mrr: num,
    arr: num,
    ltv: num,
    previous_mrr: num,
    active_subscriptions: int,
    plan_name: text,
    plan_price: num,
    subscription_status: text,
    delinquent: z.boolean().nullable(),
    last_payment_amount: num,
    last_payment_at: NullableInstant,
    last_seen_at: NullableInstant,
    days_since_seen: int,
    signed_up_at: NullableInstant,
    country: text,
    city: text,
    conversations_total: int,
    conversations_30d: int,
    conversations_open: int,
    cancel_intent_30d: z.boolean().nullable(),
    average_csat: num,
    median_first_response_seconds: int,
    median_time_to_close_seconds: int,
    reopens: int,
    support_refreshed_at: NullableInstant,
    quality_score: int,
    account_owner: text,
    segment: text,
    synced_at: NullableInstant,
  })
  .openapi("Customer");

export const Alert = z
  .object({
    id: z.string(),
    email: z.string().nullable().describe("The customer it is about; null on an account's alert"),
    account_id: z
      .string()
      .nullable()
      .describe("The account it is about (the company's Intercom id); null on a customer's alert"),
    kind: z.enum(ALERT_KINDS),
    change_key: z.string(),
    message: z.string(),
    details: JsonValue,
    created_at: Instant,
  })
  .openapi("Alert");

/** How a customer's record names an account it belongs to (`GET /v1/accounts/{company_id}`). */
export const AccountRef = z
  .object({
    intercom_id: z.string(),
    company_id: z.string().nullable(),
    name: z.string().nullable(),
  })
  .openapi("AccountRef");

export const CustomerDetail = Customer.extend({
  alerts: z.array(Alert).describe("The latest 20 alerts on this customer"),
  accounts: z
    .array(AccountRef)
    .describe(
      `The accounts its contacts are attached to, by name: at most ${CUSTOMER_ACCOUNTS_SHOWN}`,
    ),
}).openapi("CustomerDetail");

const flag = z
  .enum(["true", "false"])
  .transform((v) => v === "true")
  .optional();

export const CustomerFilters = {
  at_risk: flag,
  high_value: flag,
  delinquent: flag,
};

/** A customer named by email in the body: an email in a URL reaches platform logs. */
export const CustomerLookup = z
  .strictObject({ email: z.string().min(1).max(255).describe("Any case") })
  .openapi("CustomerLookup", { example: { email: "ada@example.com" } });
