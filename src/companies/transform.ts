import { blankToNull } from "../contacts/transform.ts";
import type { CompanyRow } from "../db/schema/companies.ts";
import type { WriteSource } from "../db/schema/contacts.ts";
import type { IntercomCompany } from "../intercom/schemas/company.ts";
import { fromUnixSeconds } from "../shared/clock.ts";

/**
 * Intercom company to our row. A webhook's company may carry no `updated_at` (a captured
 * `company.created` has only `created_at`, with `name` and `plan` still null): its
 * `created_at` then orders it, so the next read of the company, the same age or newer, fills
 * in what the notification lacked; `changedAt` (the notification's time) only when it has
 * neither.
 */
export function toCompanyRow(
  workspaceId: string,
  company: IntercomCompany,
  written: { at: Date; from: WriteSource },
  changedAt?: Date,
): CompanyRow {
  const version = company.updated_at ?? company.created_at ?? null;
  return {
    workspaceId,
    id: company.id,
    companyId: blankToNull(company.company_id),
    name: blankToNull(company.name),
    plan: blankToNull(company.plan?.name),
    monthlySpend: company.monthly_spend ?? null,
    userCount: company.user_count ?? null,
    sessionCount: company.session_count ?? null,
    customAttributes: company.custom_attributes ?? {},
    tagNames: (company.tags?.tags ?? []).flatMap((t) => (t.name ? [t.name] : [])),
    remoteCreatedAt: fromUnixSeconds(company.remote_created_at),
    intercomCreatedAt: fromUnixSeconds(company.created_at),
    intercomUpdatedAt: (version !== null ? fromUnixSeconds(version) : null) ?? changedAt ?? null,
    lastRequestAt: fromUnixSeconds(company.last_request_at),
    writtenAt: written.at,
    writtenFrom: written.from,
  };
}
