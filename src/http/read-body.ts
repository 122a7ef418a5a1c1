/**
 * The old path, which src/dashboard/ still imports (it moved there from src/http/ meanwhile):
 * delete this file once the dashboard imports src/http/middleware/read-body.ts.
 */
export { readBodyWithLimit } from "./middleware/read-body.ts";
