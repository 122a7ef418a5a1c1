/**
 * The old path, which src/dashboard/ still imports (it moved there from src/http/ meanwhile):
 * delete this file once the dashboard imports src/http/support/audit.ts.
 */
export { requestAuditor } from "./support/audit.ts";
