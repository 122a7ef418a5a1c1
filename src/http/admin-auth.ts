/**
 * The old path, which src/dashboard/ still imports (it moved there from src/http/ meanwhile):
 * delete this file once the dashboard imports src/http/middleware/admin-auth.ts.
 */
export { checkAdminKey } from "./middleware/admin-auth.ts";
