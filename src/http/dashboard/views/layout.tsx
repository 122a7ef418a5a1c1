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
            <form method="post" action="/dashboard/sign-out" class="inline">
              <span class="muted">{props.operator}</span> <button type="submit">Sign out</button>
            </form>
          ) : null}
        </header>
        <main>{props.children}</main>
        {props.operator ? <script src="/dashboard/app.js" defer /> : null}
      </body>
    </html>
  );
}
