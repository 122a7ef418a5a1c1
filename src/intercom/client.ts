import { createIntercomHttp, type IntercomHttpOptions } from "./http.ts";
import { activityOperations } from "./operations/activity.ts";
import { catalogueOperations } from "./operations/catalogue.ts";
import { companyOperations } from "./operations/companies.ts";
import { contactOperations } from "./operations/contacts.ts";
import { conversationOperations } from "./operations/conversations.ts";
import { dataAttributeOperations } from "./operations/data-attributes.ts";
import { landedOperations } from "./operations/landed.ts";

/**
 * The one Intercom client: every call goes through the shared gate (rate budget, breaker)
 * and the retry policy in http.ts. Build one per invocation (its tag-name cache is too).
 */
export function createIntercomClient(options: IntercomHttpOptions) {
  const http = createIntercomHttp(options);
  return {
    ...contactOperations(http),
    ...activityOperations(http),
    ...conversationOperations(http),
    ...catalogueOperations(http),
    ...companyOperations(http),
    ...dataAttributeOperations(http),
    ...landedOperations(http),
    clockSkewMs: http.clockSkewMs,
  };
}

export type IntercomClient = ReturnType<typeof createIntercomClient>;
