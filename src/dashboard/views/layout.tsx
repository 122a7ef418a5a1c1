import type { Child } from "hono/jsx";

/** The page shell: one stylesheet and one small script, both served by the Worker. */
export function Layout(props: { title: string; operator?: string; children: Child }) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light dark" />
        <title>{props.title}</title>
        <link rel="stylesheet" href="/dashboard/app.css" />
        <link rel="icon" href="data:," />
      </head>
      <body>
        <header class="top">
          <strong>intercom-bridge</strong>
          {props.operator ? (
            <span>
              <span class="muted">{props.operator}</span>{" "}
              <form method="post" action="/dashboard/sign-out" class="inline">
                <button type="submit">Sign out</button>
              </form>{" "}
              {/* Every browser's session, this one's too: for a key that leaked or a lost laptop. */}
              <form method="post" action="/dashboard/sessions/end" class="inline">
                <button type="submit" title="Sign out every browser signed in with the key">
                  End all sessions
                </button>
              </form>
            </span>
          ) : null}
        </header>
        <main>{props.children}</main>
        {props.operator ? <script src="/dashboard/app.js" defer /> : null}
      </body>
    </html>
  );
}
