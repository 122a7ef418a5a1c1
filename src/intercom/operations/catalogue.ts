import { z } from "zod";
import type { IntercomHttp } from "../http.ts";
import { tagSchema } from "../schemas/contact.ts";
import { adminSchema, teamSchema } from "../schemas/responses.ts";

const adminList = z.looseObject({ admins: z.array(adminSchema) });
const teamList = z.looseObject({ teams: z.array(teamSchema) });
const tagList = z.looseObject({ data: z.array(tagSchema) });
/** `GET /me`: the admin the token belongs to, with its workspace (`app`). */
const meSchema = adminSchema.extend({
  app: z
    .looseObject({
      id_code: z.string(),
      name: z.string().nullish(),
      region: z.string().nullish(),
    })
    .nullish(),
});

/** The workspace's small catalogues: each is one unpaged call. */
export function catalogueOperations(http: IntercomHttp) {
  return {
    listAdmins: async () =>
      (await http.request({ method: "GET", path: "/admins", schema: adminList })).admins,
    listTeams: async () =>
      (await http.request({ method: "GET", path: "/teams", schema: teamList })).teams,
    me: () => http.request({ method: "GET", path: "/me", schema: meSchema }),
    listTags: async () =>
      (await http.request({ method: "GET", path: "/tags", schema: tagList })).data,
  };
}
