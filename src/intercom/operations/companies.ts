import type { IntercomHttp } from "../http.ts";
import { reference } from "../schemas/common.ts";
import { companySchema, companyScrollSchema, numberedListOf } from "../schemas/company.ts";

const references = numberedListOf(reference);

/** One numbered page of ids, and whether another follows. */
interface NumberedPage {
  ids: string[];
  page: number;
  totalPages: number;
}

export function companyOperations(http: IntercomHttp) {
  const numbered = async (path: string, page: number): Promise<NumberedPage> => {
    const res = await http.request({
      method: "GET",
      path,
      query: { page, per_page: 50 },
      schema: references,
    });
    return {
      ids: res.data.map((r) => r.id),
      page: res.pages?.page ?? page,
      totalPages: res.pages?.total_pages ?? page,
    };
  };

  return {
    /**
     * One page of the workspace's company scroll; no parameter opens a new scroll. Intercom
     * keeps one scroll per workspace, expires it after a minute unused, and ends it with a
     * page of no companies; its parameter may stay the same from page to page.
     */
    scrollCompanies: async (scrollParam: string | null) => {
      const res = await http.request({
        method: "GET",
        path: "/companies/scroll",
        query: { scroll_param: scrollParam ?? undefined },
        schema: companyScrollSchema,
        idempotent: true,
      });
      return { items: res.data, scrollParam: res.scroll_param ?? null };
    },
    getCompany: (id: string) =>
      http.request({
        method: "GET",
        path: `/companies/${encodeURIComponent(id)}`,
        schema: companySchema,
      }),
    /** The contacts attached to a company, 50 to a numbered page. */
    companyContactsPage: (companyId: string, page: number) =>
      numbered(`/companies/${encodeURIComponent(companyId)}/contacts`, page),
    /** The companies a contact is attached to, 50 to a numbered page (the contact shows 10). */
    contactCompaniesPage: (contactId: string, page: number) =>
      numbered(`/contacts/${encodeURIComponent(contactId)}/companies`, page),
  };
}
