import {
  companyByCompanyId,
  companyFields,
  createCompany,
  deleteCompany,
  updateCompany,
} from "./company-changes.ts";
import { writableCustomAttributes } from "./data-attribute-rules.ts";
import {
  bodyObject,
  errorList,
  numberedPage,
  ok,
  type Route,
  type RouteContext,
  type SandboxRequest,
} from "./http-kit.ts";
import type { CompanyRecord } from "./model.ts";
import { renderContact } from "./render.ts";
import { renderCompany, withPeople } from "./render-company.ts";

/** Intercom's page-numbered company lists stop here: past it, use the scroll. */
export const COMPANY_LIST_LIMIT = 10_000;

export const companyNotFound = () => errorList(404, "company_not_found", "Company Not Found");

export function findCompany(ctx: RouteContext, id: string | undefined) {
  return ctx.ws.companies.get(id ?? "");
}

/**
 * A page of companies with people, 15 by default and at most 60 (the largest page users of the
 * real API ask for: PostHog's `per_page=60`). A page reaching past the 10,000th company is
 * refused with the 400 real Intercom answers there ("page limit reached, please use scroll
 * API", PostHog/posthog#63033 and #67063; the 2.16 description documents the limit).
 */
function companyPage(
  ctx: RouteContext,
  companies: CompanyRecord[],
  page: unknown,
  perPage: unknown,
  path: string,
) {
  const paged = numberedPage(companies, page, perPage, {
    perPage: 15,
    max: 60,
    url: `${ctx.origin}${path}`,
  });
  if (paged.pages.page * paged.perPage > COMPANY_LIST_LIMIT)
    return errorList(400, "bad_request", "page limit reached, please use scroll API");
  return ok({
    type: "list",
    data: paged.page.map((co) => renderCompany(ctx.ws, co)),
    pages: paged.pages,
    total_count: companies.length,
  });
}

/** `last_request_at` newest first by default (`order=asc` oldest first); never-seen ones last. */
function byLastRequest(companies: CompanyRecord[], order: unknown) {
  const sign = order === "asc" ? 1 : -1;
  return companies.sort((a, b) => {
    if (a.lastRequestAt === b.lastRequestAt) return a.id < b.id ? -1 : 1;
    if (a.lastRequestAt === null) return 1;
    if (b.lastRequestAt === null) return -1;
    return sign * (a.lastRequestAt - b.lastRequestAt);
  });
}

/** The body's fields as they may be applied, custom attributes held to the catalogue's rules. */
function companyWrite(req: SandboxRequest, ctx: RouteContext): ReturnType<typeof companyFields> {
  const parsed = companyFields(bodyObject(req));
  if (parsed.error || !parsed.fields.customAttributes) return parsed;
  const custom = parsed.fields.customAttributes;
  const checked = writableCustomAttributes(ctx.ws, "company", custom, ctx.knobs());
  if (checked.error) return checked;
  const customAttributes = checked.attributes as typeof custom;
  return { fields: { ...parsed.fields, customAttributes } };
}

const queryOrBody = (req: SandboxRequest, key: string) =>
  req.query.get(key) ?? bodyObject(req)[key] ?? undefined;

export const companyRoutes: Route[] = [
  {
    method: "POST",
    template: "/companies/list",
    // The 2.16 description puts page, per_page and order in the query; clients send them in
    // the body too: both are read.
    handler: (req, ctx) =>
      companyPage(
        ctx,
        byLastRequest(withPeople(ctx.ws), queryOrBody(req, "order")),
        queryOrBody(req, "page"),
        queryOrBody(req, "per_page"),
        "/companies/list",
      ),
  },
  {
    method: "GET",
    template: "/companies",
    handler: (req, ctx) => {
      const companyId = req.query.get("company_id");
      const name = req.query.get("name");
      // One company, as the object itself: Intercom's reference (1.0 to 2.5, "Retrieve a
      // company") answers it so. The 2.16 description calls it a list; followed it is not.
      if (companyId !== null || name !== null) {
        const co =
          companyId !== null
            ? companyByCompanyId(ctx, companyId)
            : [...ctx.ws.companies.values()].find((c) => c.name === name);
        return co ? ok(renderCompany(ctx.ws, co)) : companyNotFound();
      }
      const tagId = req.query.get("tag_id");
      const segmentId = req.query.get("segment_id");
      const companies = withPeople(ctx.ws).filter(
        (co) =>
          (tagId === null || co.tagIds.includes(tagId)) &&
          (segmentId === null || co.segmentIds.includes(segmentId)),
      );
      return companyPage(
        ctx,
        byLastRequest(companies, "desc"),
        req.query.get("page"),
        req.query.get("per_page"),
        "/companies",
      );
    },
  },
  {
    method: "POST",
    template: "/companies",
    handler: (req, ctx) => {
      const parsed = companyWrite(req, ctx);
      if (parsed.error) return parsed.error;
      const { fields } = parsed;
      // Chosen: the lookup needs one; the 2.16 description shows no create without it.
      if (!fields.companyId)
        return errorList(400, "parameter_not_found", "company_id not specified", "company_id");
      const existing = companyByCompanyId(ctx, fields.companyId);
      const co = existing
        ? updateCompany(ctx, existing, fields)
        : createCompany(ctx, fields.companyId, fields);
      return ok(renderCompany(ctx.ws, co));
    },
  },
  {
    method: "GET",
    template: "/companies/{id}",
    handler: (req, ctx) => {
      const co = findCompany(ctx, req.params.id);
      return co ? ok(renderCompany(ctx.ws, co)) : companyNotFound();
    },
  },
  {
    method: "PUT",
    template: "/companies/{id}",
    handler: (req, ctx) => {
      const co = findCompany(ctx, req.params.id);
      if (!co) return companyNotFound();
      const parsed = companyWrite(req, ctx);
      if (parsed.error) return parsed.error;
      return ok(renderCompany(ctx.ws, updateCompany(ctx, co, parsed.fields)));
    },
  },
  {
    method: "DELETE",
    template: "/companies/{id}",
    handler: (req, ctx) => {
      const co = findCompany(ctx, req.params.id);
      if (!co) return companyNotFound();
      deleteCompany(ctx, co);
      return ok({ id: co.id, object: "company", deleted: true });
    },
  },
  {
    method: "GET",
    template: "/companies/{id}/contacts",
    handler: (req, ctx) => {
      const co = findCompany(ctx, req.params.id);
      if (!co) return companyNotFound();
      const people = [...(ctx.ws.companyMembers.get(co.id) ?? [])].flatMap((id) => {
        const c = ctx.ws.contacts.get(id);
        return c && !c.mergedInto ? [c] : [];
      });
      const paged = numberedPage(people, req.query.get("page"), req.query.get("per_page"), {
        perPage: 50,
        max: 50,
        url: `${ctx.origin}/companies/${co.id}/contacts`,
      });
      return ok({
        type: "list",
        data: paged.page.map((c) => renderContact(ctx.ws, c)),
        total_count: people.length,
        pages: paged.pages,
      });
    },
  },
];
