/** The dashboard's stylesheet: light and dark from prefers-color-scheme, one column on phones. */
export const APP_CSS = `
:root{--bg:#f6f7f9;--fg:#1b1f24;--card:#fff;--muted:#5b6470;--line:#d8dde3;--accent:#2563eb;--ok:#15803d;--warn:#b45309;--bad:#b91c1c;color-scheme:light dark}
@media (prefers-color-scheme:dark){:root{--bg:#0f1216;--fg:#e6e9ed;--card:#181c22;--muted:#9aa4af;--line:#2b323b;--accent:#60a5fa;--ok:#4ade80;--warn:#fbbf24;--bad:#f87171}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif}
a{color:var(--accent)}
.top{display:flex;flex-wrap:wrap;justify-content:space-between;align-items:center;gap:8px;padding:10px 16px;border-bottom:1px solid var(--line);background:var(--card)}
main{max-width:1240px;margin:0 auto;padding:12px}
.toc{display:flex;flex-wrap:wrap;gap:10px;margin:4px 0 8px}
.card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:12px 16px;margin:0 0 12px}
.narrow{max-width:380px;margin:48px auto}
h1{font-size:20px;margin:0 0 10px}h2{font-size:17px;margin:0 0 10px}h3{font-size:13px;margin:12px 0 6px;color:var(--muted);text-transform:uppercase;letter-spacing:.03em}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(190px,1fr));gap:10px}
.stat{border:1px solid var(--line);border-radius:6px;padding:8px 10px}.stat h3{margin-top:0}.stat p{margin:4px 0}
.big{font-size:22px;font-weight:600}
.muted{color:var(--muted)}.error{color:var(--bad);margin:2px 0;overflow-wrap:anywhere}
.badge{display:inline-block;padding:1px 7px;border-radius:10px;border:1px solid currentColor;font-size:12px;margin-left:4px}
.s-ok,.s-succeeded,.s-closed,.s-applied{color:var(--ok)}.s-degraded,.s-running,.s-half_open,.s-unconfigured,.s-refused{color:var(--warn)}.s-down,.s-failed,.s-open,.s-dead{color:var(--bad)}
.scroll{overflow-x:auto}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:4px 8px;border-bottom:1px solid var(--line);white-space:nowrap}td{vertical-align:top}
.n{text-align:right;font-variant-numeric:tabular-nums}
tr.detail td{white-space:normal}
td.body,p.body{white-space:pre-wrap;overflow-wrap:anywhere;min-width:240px}
.progress{display:flex;flex-wrap:wrap;align-items:center;gap:8px}progress{width:200px;max-width:100%}
.actions{display:flex;flex-wrap:wrap;gap:6px;margin-bottom:10px}
form.inline{display:inline}
button{font:inherit;padding:5px 11px;border-radius:6px;border:1px solid var(--line);background:var(--bg);color:var(--fg);cursor:pointer}
button:hover{border-color:var(--accent)}
input{font:inherit;padding:6px 8px;border-radius:6px;border:1px solid var(--line);background:var(--bg);color:var(--fg);max-width:100%}
label{display:block;margin:6px 0 4px}
.narrow input{width:100%;margin-bottom:10px}
.search{display:flex;flex-wrap:wrap;align-items:center;gap:6px}.search label{margin:0}
ul.dead,ul.plain{list-style:none;padding:0;margin:0}ul.dead li{display:flex;justify-content:space-between;gap:10px;padding:6px 0;border-bottom:1px solid var(--line)}
ul.plain li{padding:3px 0}
code{font-size:12px;overflow-wrap:anywhere}
#notice:empty{display:none}#notice{padding:6px 10px;border:1px solid var(--accent);border-radius:6px}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(280px,1fr));gap:14px}
.chart{margin:0}.chart figcaption{font-weight:600;margin-bottom:4px}.chart svg{width:100%;height:auto;display:block}
.bar{fill:var(--accent)}.axis{stroke:var(--line)}.label{fill:var(--muted);font-size:10px}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:4px 14px;margin:0}dd{margin:0}
@media (max-width:600px){main{padding:6px}.card{padding:10px}ul.dead li{flex-direction:column}}
`;
