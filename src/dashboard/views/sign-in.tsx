import { Layout } from "./layout.tsx";

/** The only thing shown without a session: one password field for the admin key. */
export function signInPage(props: { error?: string }) {
  return (
    "<!doctype html>" +
    (
      <Layout title="Sign in · intercom-bridge">
        <section class="card narrow">
          <h1>Sign in</h1>
          {props.error ? (
            <p class="error" role="alert">
              {props.error}
            </p>
          ) : null}
          <form method="post" action="/dashboard/sign-in">
            <label for="key">Admin key</label>
            <input
              id="key"
              name="key"
              type="password"
              autocomplete="current-password"
              required
              autofocus
            />
            <button type="submit">Sign in</button>
          </form>
        </section>
      </Layout>
    )
  );
}
