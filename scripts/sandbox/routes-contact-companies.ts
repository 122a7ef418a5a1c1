import { attachCompany, CONTACT_COMPANY_LIMIT, detachCompany } from "./company-changes.ts";
import { bodyObject, errorList, numberedPage, ok, type Route } from "./http-kit.ts";
import { addressableContact } from "./lookup.ts";
import type { CompanyRecord } from "./model.ts";
import { renderCompany } from "./render-company.ts";
import { companyNotFound, findCompany } from "./routes-companies.ts";

/** A contact's companies, all of them (its own `companies` shows only 10), and their changes. */
export const contactCompanyRoutes: Route[] = [
  {
    method: "GET",
    template: "/contacts/{id}/companies",
    // `data`, not the `companies` the 2.16 schema names: its own example (recorded from
    // Intercom) answers `data`, with page-numbered `pages` of 50.
    handler: (req, ctx) => {
      const found = addressableContact(ctx, req.params.id);
      if (found.error) return found.error;
      const c = found.contact;
      const companies = c.companyIds.flatMap((id) => {
        const co = ctx.ws.companies.get(id);
        return co ? [co] : [];
      });
      const paged = numberedPage<CompanyRecord>(
        companies,
        req.query.get("page"),
        req.query.get("per_page"),
        { perPage: 50, max: 50, url: `${ctx.origin}/contacts/${c.id}/companies` },
      );
      return ok({
        type: "list",
        data: paged.page.map((co) => renderCompany(ctx.ws, co)),
        pages: paged.pages,
        total_count: companies.length,
      });
    },
  },
  {
    method: "POST",
    template: "/contacts/{id}/companies",
    handler: (req, ctx) => {
      const found = addressableContact(ctx, req.params.id);
      if (found.error) return found.error;
      const id = bodyObject(req).id;
      if (id === undefined || id === null || id === "")
        return errorList(400, "parameter_not_found", "company not specified");
      const co = findCompany(ctx, String(id));
      if (!co) return companyNotFound();
      // Attaching one already attached changes nothing and is not refused (chosen).
      if (attachCompany(ctx, found.contact, co) === "limit")
        return errorList(
          400,
          "contact_company_limit_exceeded",
          `Contact has reached the maximum of ${CONTACT_COMPANY_LIMIT} company associations`,
        );
      return ok(renderCompany(ctx.ws, co));
    },
  },
  {
    method: "DELETE",
    template: "/contacts/{id}/companies/{company_id}",
    handler: (req, ctx) => {
      const found = addressableContact(ctx, req.params.id);
      if (found.error) return found.error;
      const co = findCompany(ctx, req.params.company_id);
      // A company the contact is not in is not found for it either (chosen).
      if (!co || !detachCompany(ctx, found.contact, co)) return companyNotFound();
      return ok(renderCompany(ctx.ws, co));
    },
  },
];
