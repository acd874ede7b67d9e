/**
 * The page's whole stylesheet, inline (nothing from another origin). System fonts; light and
 * dark follow the system (`color-scheme`); colours keep WCAG AA contrast in both.
 */
export const STYLE = `
:root{color-scheme:light dark;--bg:#fff;--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--panel:#f6f8fa;--accent:#0b57d0;--bad:#b3261e;--good:#1a7f37}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#9198a1;--line:#3d444d;--panel:#161b22;--accent:#74a7ff;--bad:#ff8a80;--good:#56d364}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
main{max-width:52rem;margin:0 auto;padding:1rem}
h1{font-size:1.5rem;margin:.5rem 0 0}h2{font-size:1.2rem;margin:2rem 0 .5rem;border-bottom:1px solid var(--line)}
p.lead{color:var(--muted);margin:.25rem 0 1rem}
a{color:var(--accent)}
:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
table{border-collapse:collapse;width:100%;font-size:.95rem}
th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid var(--line);vertical-align:top}
caption{text-align:left}
@media (max-width:40rem){thead{position:absolute;left:-9999px}tr,th,td{display:block}tr{border-bottom:1px solid var(--line);padding:.25rem 0}th,td{border:0;padding:.1rem 0}td[data-label]::before{content:attr(data-label) ": ";color:var(--muted)}}
pre,code{font:.9rem/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
pre{background:var(--panel);border:1px solid var(--line);border-radius:6px;padding:.75rem;white-space:pre-wrap;overflow-wrap:anywhere;tab-size:4;margin:.5rem 0}
form{display:flex;flex-wrap:wrap;gap:.5rem;align-items:end}
label{display:flex;flex-direction:column;font-size:.9rem;color:var(--muted)}
label.grow{flex:1 1 14rem}
input,select,button{font:inherit;color:var(--fg);background:var(--bg);border:1px solid var(--line);border-radius:6px;padding:.4rem .6rem;min-height:2.5rem}
button{background:var(--accent);color:var(--bg);border-color:var(--accent);cursor:pointer;font-weight:600}
#doh-url+button{margin-left:.5rem;min-height:0;padding:.15rem .6rem;font-size:.9rem}
.error{color:var(--bad);font-weight:600}.ok{color:var(--good)}.muted{color:var(--muted)}
dt{font-weight:600;margin-top:.75rem}dd{margin:0}
`
