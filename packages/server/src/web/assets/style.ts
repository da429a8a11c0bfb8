/**
 * The pages' one stylesheet: system fonts, a narrow readable column, plain tables and native `<dialog>`s.
 * Served as a same-origin file like the script, so no inline styles are needed either.
 */
export const STYLESHEET = `
:root {
  --text: #1f2328; --muted: #59636e; --border: #d1d9e0; --bg: #f6f8fa; --card: #fff;
  --accent: #0b57d0; --accent-hover: #0842a0; --danger: #c62828; --danger-bg: #fdecea;
  --warn-bg: #fff8e1; --warn-border: #e0b400; --focus: #1a73e8;
  color-scheme: light;
}
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--text); background: var(--bg); }
a { color: var(--accent); }
code { font: 0.9em ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
h1, h2, h3 { line-height: 1.25; margin: 0 0 0.5rem; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.25rem; } h3 { font-size: 1.05rem; }
.site-header { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: 0.5rem 1rem; padding: 0.75rem 1.5rem; background: var(--card); border-bottom: 1px solid var(--border); }
.brand { font-weight: 700; font-size: 1.1rem; text-decoration: none; color: var(--text); }
.signout { display: flex; flex-wrap: wrap; align-items: center; gap: 0.5rem 0.75rem; margin: 0; min-width: 0; }
.who { color: var(--muted); overflow-wrap: anywhere; }
main { max-width: 1200px; margin: 2rem auto; padding: 0 1.5rem; }
.card { background: var(--card); border: 1px solid var(--border); border-radius: 8px; padding: 1.5rem; margin-bottom: 1.5rem; }
.card.narrow { max-width: 420px; margin: 3rem auto; }
.email { color: var(--muted); margin: 0; }
.hint { color: var(--muted); font-size: 0.9rem; margin: 0.25rem 0 0.75rem; }
.section-head { display: flex; align-items: flex-start; justify-content: space-between; gap: 1rem; margin-top: 1rem; }
label { display: block; font-weight: 600; margin: 0.75rem 0 0.25rem; }
input[type=text], input[type=email], input[type=password], select, textarea { width: 100%; padding: 0.5rem 0.6rem; font: inherit; border: 1px solid var(--border); border-radius: 6px; background: #fff; color: inherit; }
.card form > .button { margin-top: 1.25rem; width: 100%; }
fieldset { border: 1px solid var(--border); border-radius: 6px; margin: 1rem 0 0; padding: 0.5rem 1rem 0.25rem; }
legend { font-weight: 600; padding: 0 0.25rem; }
.scope { display: grid; grid-template-columns: auto 9.5rem 1fr; column-gap: 0.6rem; align-items: baseline; padding: 0.3rem 0; border-top: 1px solid #eef1f4; }
.scope:first-of-type { border-top: 0; }
.scope label { margin: 0; font-weight: 500; }
.scope .hint { margin: 0; }
.button { display: inline-block; font: inherit; font-weight: 600; padding: 0.45rem 0.95rem; border-radius: 6px; border: 1px solid transparent; cursor: pointer; white-space: nowrap; }
.button.primary { background: var(--accent); color: #fff; }
.button.primary:hover { background: var(--accent-hover); }
.button.secondary { background: #fff; color: var(--text); border-color: var(--border); }
.button.secondary:hover { background: var(--bg); }
.button.danger { background: #fff; color: var(--danger); border-color: #f0b6b0; }
.button.danger:hover { background: var(--danger-bg); }
.button.small { padding: 0.2rem 0.6rem; font-size: 0.875rem; }
.button:disabled { opacity: 0.6; cursor: progress; }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
.alert { background: var(--danger-bg); color: var(--danger); border-radius: 6px; padding: 0.6rem 0.8rem; margin: 0.5rem 0; }
.warning { background: var(--warn-bg); border-left: 4px solid var(--warn-border); padding: 0.6rem 0.8rem; border-radius: 4px; margin: 0 0 0.75rem; }
.status { min-height: 1.5em; margin: 0.5rem 0 0; color: var(--muted); }
.table-wrap { overflow-x: auto; position: relative; }
table { width: 100%; border-collapse: collapse; font-size: 0.925rem; }
th, td { text-align: left; padding: 0.55rem 0.6rem; border-bottom: 1px solid var(--border); vertical-align: top; }
tbody th { overflow-wrap: break-word; min-width: 8rem; }
time, td code, .scopes code { white-space: nowrap; }
.relative { display: block; color: var(--muted); font-size: 0.825rem; white-space: nowrap; }
.row-actions { width: 1%; }
.row-actions .button { display: block; width: 100%; }
.row-actions .button + .button { margin-top: 0.35rem; }
thead th { color: var(--muted); font-weight: 600; font-size: 0.825rem; text-transform: uppercase; letter-spacing: 0.03em; }
tbody th { font-weight: 600; }
td.empty { color: var(--muted); text-align: center; padding: 1.5rem; }
.scopes { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 0.25rem; }
.scopes code { background: #eef2f7; border-radius: 4px; padding: 0.05rem 0.35rem; }
.expired { color: var(--danger); font-weight: 600; }
.expiring { color: #8a5a00; font-weight: 600; }
.history { margin-right: 0.5rem; font-size: 0.875rem; white-space: nowrap; }
.revoked-tokens { margin-top: 1rem; color: var(--muted); }
.revoked-tokens ul { margin: 0.5rem 0 0; padding-left: 1.25rem; }
dialog { border: 1px solid var(--border); border-radius: 10px; padding: 1.25rem 1.5rem; width: min(680px, calc(100vw - 1.5rem)); max-width: calc(100vw - 1.5rem); max-height: calc(100dvh - 1.5rem); overflow: auto; overscroll-behavior: contain; color: var(--text); box-shadow: 0 12px 40px rgba(0, 0, 0, 0.18); }
dialog::backdrop { background: rgba(15, 23, 42, 0.45); }
.actions { display: flex; flex-wrap: wrap; justify-content: flex-end; gap: 0.5rem; margin-top: 1.25rem; }
.copy-row { display: flex; gap: 0.5rem; }
.copy-row { align-items: flex-start; }
.copy-row textarea { min-width: 0; flex: 1; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.875rem; resize: none; word-break: break-all; }
.visually-hidden { position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; border: 0; overflow: hidden; clip: rect(0 0 0 0); clip-path: inset(50%); white-space: nowrap; }
.token-summary { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; margin: 1rem 0; }
.token-summary div { display: contents; }
.token-summary dt { font-weight: 600; }
.token-summary dd { margin: 0; overflow-wrap: anywhere; }
.example { margin: 0.75rem 0 0; }
.example-head { display: flex; align-items: center; justify-content: space-between; gap: 0.5rem; margin-bottom: 0.25rem; font-size: 0.9rem; color: var(--muted); }
.example pre { margin: 0; padding: 0.6rem 0.75rem; background: #f3f5f8; border: 1px solid var(--border); border-radius: 6px; font: 0.825rem/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; white-space: pre-wrap; overflow-wrap: anywhere; }
[hidden] { display: none !important; }
.code-block { margin: 0.5rem 0 0; padding: 0.75rem; background: #f3f5f8; border: 1px solid var(--border); border-radius: 6px; font: 0.85rem/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; white-space: pre-wrap; overflow-wrap: anywhere; max-height: 32rem; overflow: auto; }
textarea { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
@media (max-width: 560px) {
  .scope { grid-template-columns: auto 1fr; } .scope .hint { grid-column: 2; } .section-head { flex-direction: column; }
  main { padding: 0 0.75rem; margin: 1rem auto; } .site-header { padding: 0.6rem 0.75rem; } .card { padding: 1rem; }
  dialog { padding: 1rem; }
  .copy-row { flex-wrap: wrap; } .copy-row .button { width: 100%; }
}
/* Narrow screens: each token is a card, its cells stacked with their column name before them. */
@media (max-width: 760px) {
  table, tbody, tr, th, td { display: block; }
  thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); }
  tbody tr { border-bottom: 1px solid var(--border); padding: 0.5rem 0; }
  tbody tr[hidden] { display: none; }
  th, td { border: 0; padding: 0.2rem 0; }
  td[data-label] { position: relative; padding-left: 5.75rem; min-height: 1.6rem; }
  td time, .relative { white-space: normal; }
  td[data-label]::before { content: attr(data-label); position: absolute; left: 0; top: 0.25rem; color: var(--muted); font-size: 0.825rem; }
  .row-actions { width: auto; padding-top: 0.5rem; }
  .row-actions .button { display: inline-block; width: auto; }
  .row-actions .button + .button { margin: 0 0 0 0.5rem; }
}
`;
