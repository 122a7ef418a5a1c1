import type { Alert } from "../../customers/read.ts";

/** An alert as the API shows it (`GET /v1/alerts`, a customer's latest alerts). */
export function alertView(a: Alert) {
  return {
    id: a.id,
    email: a.email,
    account_id: a.accountId,
    kind: a.kind,
    change_key: a.changeKey,
    message: a.message,
    details: a.details,
    created_at: a.createdAt,
  };
}
