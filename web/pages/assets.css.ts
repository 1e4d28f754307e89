/**
 * The stylesheet of every page. Colours are chosen for WCAG 2.1 AA: every text colour
 * on its background is at least 4.5:1 (the darkest pairs are well above 7:1); status
 * never relies on colour alone (each has a word and a symbol). Sizes are in rem so
 * the layout reflows at 200% zoom; nothing has a fixed width.
 */
export const SITE_CSS = `
:root {
  --ink: #1b1b1f; --muted: #4a4f57; --bg: #ffffff; --panel: #f3f5f8; --line: #8a929c;
  --brand: #1d4e89; --brand-dark: #14365f; --focus: #ffbf47;
  --ok: #0b6b2f; --ok-bg: #e7f4ec; --bad: #a4161a; --bad-bg: #fcebea; --warn: #7a4b00; --warn-bg: #fff3dc;
}
*, *::before, *::after { box-sizing: border-box; }
html { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial, sans-serif;
  font-size: 100%; line-height: 1.5; color: var(--ink); background: var(--bg); -webkit-text-size-adjust: 100%; }
body { margin: 0; min-height: 100vh; display: flex; flex-direction: column; }
main { flex: 1 0 auto; }
h1, h2, h3 { line-height: 1.25; margin: 1.5rem 0 .75rem; }
h1 { font-size: 2rem; } h2 { font-size: 1.375rem; } h3 { font-size: 1.125rem; }
p { margin: 0 0 1rem; max-width: 42rem; }
a { color: var(--brand); text-decoration-thickness: .08em; text-underline-offset: .15em; }
a:hover { color: var(--brand-dark); text-decoration-thickness: .15em; }
a:focus-visible, button:focus-visible, input:focus-visible, textarea:focus-visible, summary:focus-visible, [tabindex]:focus-visible {
  outline: 3px solid var(--focus); outline-offset: 0; box-shadow: 0 0 0 6px var(--ink);
}
.visually-hidden { position: absolute !important; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden;
  clip: rect(0 0 0 0); clip-path: inset(50%); white-space: nowrap; border: 0; }
.wrap { width: 100%; max-width: 62rem; margin: 0 auto; padding: 0 1rem; }
.skip-link { position: absolute; left: .5rem; top: -20rem; z-index: 10; padding: .5rem 1rem; background: var(--focus);
  color: var(--ink); font-weight: 700; }
.skip-link:focus { top: .5rem; }

.site-header { background: var(--brand); color: #ffffff; padding: .75rem 0; }
.site-header .wrap { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: .5rem 1.5rem; }
.site-header a { color: #ffffff; }
.brand { font-size: 1.5rem; font-weight: 700; text-decoration: none; }
.brand:hover { text-decoration: underline; color: #ffffff; }
.tagline { display: block; font-size: .9375rem; }
.languages ul { display: flex; flex-wrap: wrap; gap: .25rem; margin: 0; padding: 0; list-style: none; }
.languages a { display: inline-block; min-width: 2.75rem; padding: .375rem .5rem; text-align: center; font-weight: 600;
  border: 2px solid transparent; border-radius: .25rem; }
.languages a[aria-current="true"] { border-color: #ffffff; background: var(--brand-dark); text-decoration: none; }

.site-footer { margin-top: 3rem; padding: 1.5rem 0; border-top: 1px solid var(--line); background: var(--panel); color: var(--ink); }
.site-footer p { margin: 0 0 .5rem; }

.eyebrow { margin: 1.5rem 0 0; font-weight: 600; color: var(--muted); }
.notice { margin: 1rem 0 1.5rem; padding: 1rem 1.25rem; border-left: .5rem solid var(--line); background: var(--panel); }
.notice > :first-child { margin-top: 0; }
.notice > :last-child { margin-bottom: 0; }
.notice--success { border-color: var(--ok); background: var(--ok-bg); }
.notice--danger { border-color: var(--bad); background: var(--bad-bg); }
.notice--warning { border-color: var(--warn); background: var(--warn-bg); }
.outcome__title { margin: 0 0 .5rem; font-size: 2.25rem; }
.notice--success .outcome__title { color: var(--ok); }
.notice--danger .outcome__title { color: var(--bad); }
.notice--warning .outcome__title { color: var(--warn); }
.outcome__reasons { margin: .5rem 0 1rem; padding-left: 1.25rem; font-weight: 600; }

.section { margin-top: 2rem; }
.facts { display: grid; grid-template-columns: minmax(8rem, 14rem) 1fr; gap: .5rem 1.5rem; margin: 0; }
.facts dt { font-weight: 700; }
.facts dd { margin: 0; overflow-wrap: anywhere; }
@media (max-width: 40rem) { .facts { grid-template-columns: 1fr; gap: 0; } .facts dd { margin-bottom: .75rem; } }
.plain-list { margin: 0; padding-left: 1.25rem; }
.plain-list li { margin-bottom: .25rem; }
.mono { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "Liberation Mono", monospace; font-size: .9375rem; overflow-wrap: anywhere; }
.muted { color: var(--muted); }

.checks { margin: 0; padding: 0; list-style: none; border-top: 1px solid var(--line); }
.checks li { display: flex; flex-wrap: wrap; gap: .25rem 1rem; padding: .625rem 0; border-bottom: 1px solid var(--line); }
.check__name { flex: 1 1 14rem; font-weight: 600; }
.check__status { flex: 0 1 auto; font-weight: 700; }
.check__status--passed { color: var(--ok); }
.check__status--failed { color: var(--bad); }
.check__status--could_not_check { color: var(--warn); }
.check__status--not_applicable { color: var(--muted); }
.check__detail { flex: 1 1 100%; margin: 0; color: var(--muted); font-size: .9375rem; }

.qr { display: flex; flex-wrap: wrap; align-items: center; gap: 1rem 1.5rem; margin: 0; }
.qr__code svg { display: block; width: 10rem; height: 10rem; }
.qr figcaption { flex: 1 1 16rem; }

.actions { display: flex; flex-wrap: wrap; gap: .75rem 1.5rem; align-items: center; margin: 2rem 0 0; }
.button { display: inline-block; padding: .625rem 1.25rem; border: 2px solid var(--brand); border-radius: .25rem; background: var(--brand);
  color: #ffffff; font: inherit; font-weight: 700; text-decoration: none; cursor: pointer; }
.button:hover { background: var(--brand-dark); border-color: var(--brand-dark); color: #ffffff; }
.button--secondary { background: #ffffff; color: var(--brand); }
.button--secondary:hover { background: var(--panel); color: var(--brand-dark); }

.field { margin: 0 0 1.5rem; }
.field label { display: block; font-weight: 700; margin-bottom: .25rem; }
.field__hint { display: block; color: var(--muted); margin-bottom: .5rem; }
.field__error { display: block; color: var(--bad); font-weight: 700; margin-bottom: .5rem; }
.field textarea { display: block; width: 100%; min-height: 12rem; padding: .5rem; border: 2px solid var(--ink); border-radius: 0;
  font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "Liberation Mono", monospace; font-size: .875rem; }
.field input[type="file"] { display: block; max-width: 100%; padding: .25rem 0; font: inherit; }
.field--error { padding-left: 1rem; border-left: .3rem solid var(--bad); }
.field--error textarea { border-color: var(--bad); }
.error-summary { margin: 1rem 0 2rem; padding: 1rem 1.25rem; border: .3rem solid var(--bad); }
.error-summary h2 { margin-top: 0; }
.error-summary a { color: var(--bad); font-weight: 700; }

/* Learner space and sign-in (web/pages/learn, web/pages/sign-in). */
.account { display: flex; flex-wrap: wrap; align-items: center; gap: .25rem .75rem; margin: 0; }
.account__name { font-weight: 600; }
.account .button { padding: .375rem .875rem; border-color: #ffffff; background: var(--brand-dark); }
.account .button:hover { background: #ffffff; color: var(--brand-dark); }
.section-nav { margin: 1rem 0 0; border-bottom: 1px solid var(--line); }
.section-nav ul { display: flex; flex-wrap: wrap; gap: .25rem 1.5rem; margin: 0; padding: 0; list-style: none; }
.section-nav a { display: inline-block; padding: .5rem 0; font-weight: 600; }
.section-nav a[aria-current="page"] { text-decoration-thickness: .2em; color: var(--ink); }
.field input[type="email"], .field input[type="number"], .field input[type="text"] { display: block; width: 100%; max-width: 30rem;
  padding: .5rem; border: 2px solid var(--ink); border-radius: 0; font: inherit; }
.field input[type="number"] { max-width: 10rem; }
.field--error input { border-color: var(--bad); }
.field textarea.prose { font-family: inherit; font-size: 1rem; min-height: 8rem; }
fieldset.question { margin: 0 0 1.5rem; padding: 1rem 1.25rem; border: 1px solid var(--line); }
fieldset.question legend { padding: 0 .25rem; font-weight: 700; font-size: 1.0625rem; }
.question__prompt { margin: .25rem 0 .75rem; font-weight: 600; }
.choice { display: flex; align-items: flex-start; gap: .625rem; margin: 0 0 .5rem; }
.choice input { flex: 0 0 auto; width: 1.375rem; height: 1.375rem; margin: .125rem 0 0; accent-color: var(--brand); }
.choice label { font-weight: 400; }
.inline-form { display: inline-flex; flex-wrap: wrap; align-items: flex-end; gap: .5rem 1rem; margin: .5rem 0; }
.inline-form .field { margin: 0; }
.cards { margin: 0; padding: 0; list-style: none; }
.card { margin: 0 0 1.5rem; padding: 1rem 1.25rem; border: 1px solid var(--line); border-left: .4rem solid var(--brand); }
.card > :first-child { margin-top: 0; }
.card > :last-child { margin-bottom: 0; }
.tag { display: inline-block; padding: .0625rem .5rem; border: 1px solid currentColor; border-radius: .25rem; font-weight: 700; font-size: .9375rem; }
.tag--success { color: var(--ok); background: var(--ok-bg); }
.tag--danger { color: var(--bad); background: var(--bad-bg); }
.tag--warning { color: var(--warn); background: var(--warn-bg); }
.tag--info { color: var(--brand-dark); background: var(--panel); }
.table-scroll { overflow-x: auto; }
table.data { width: 100%; border-collapse: collapse; margin: 0 0 1rem; }
table.data th, table.data td { padding: .5rem .75rem .5rem 0; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
table.data th { font-weight: 700; }
.link-list { margin: 0; padding-left: 1.25rem; }
.link-list li { margin-bottom: .375rem; }

/* Admin console (web/pages/admin): navigation, data tables, inputs, decisions. */
.admin-nav { margin: 1rem 0 0; border-bottom: 1px solid var(--line); }
.admin-nav ul { display: flex; flex-wrap: wrap; gap: .25rem 1rem; margin: 0; padding: 0 0 .5rem; list-style: none; }
.admin-nav a { display: inline-block; padding: .25rem 0; font-weight: 600; }
.admin-nav a[aria-current="page"] { color: var(--ink); text-decoration-thickness: .2em; }
.table-scroll { max-width: 100%; overflow-x: auto; margin: 0 0 1.5rem; }
.data-table { border-collapse: collapse; width: 100%; font-size: .9375rem; }
.data-table caption { text-align: left; font-weight: 700; padding: 0 0 .5rem; }
.data-table th, .data-table td { text-align: left; vertical-align: top; padding: .5rem .625rem; border-bottom: 1px solid var(--line); }
.data-table thead th { background: var(--panel); border-bottom: 2px solid var(--ink); }
.data-table tbody th { font-weight: 600; }
.data-table .num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
.data-table .row--warning { background: var(--warn-bg); }
.cell-note { display: block; font-weight: 400; font-size: .875rem; color: var(--muted); }
a.cell-note { color: var(--brand); }
.input { display: block; width: 100%; max-width: 36rem; padding: .5rem; border: 2px solid var(--ink); border-radius: 0; font: inherit; background: var(--bg); color: var(--ink); }
.input--short { max-width: 10rem; }
select.input { max-width: 24rem; }
textarea.input { min-height: 3rem; font-family: inherit; }
.field--error .input { border-color: var(--bad); }
select:focus-visible, .button:focus-visible, input[type="checkbox"]:focus-visible { outline: 3px solid var(--focus); outline-offset: 0; box-shadow: 0 0 0 6px var(--ink); }
.inline-form { display: flex; flex-wrap: wrap; align-items: flex-end; gap: .5rem 1rem; margin: 0 0 1.5rem; }
.inline-form .field { margin: 0; flex: 1 1 16rem; }
.inline-form .button { margin-bottom: .125rem; }
.button-row { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: center; margin: .5rem 0 0; padding: 0; list-style: none; }
.button--danger { background: var(--bad); border-color: var(--bad); color: #ffffff; }
.button--danger:hover { background: #7d1013; border-color: #7d1013; color: #ffffff; }
.decision-form { min-width: 16rem; }
.decision-form .field { margin-bottom: .5rem; }
.checkbox { display: inline-flex; align-items: center; gap: .5rem; cursor: pointer; }
.checkbox input { width: 1.5rem; height: 1.5rem; margin: 0; accent-color: var(--brand); }
.marking-attempt { border-top: 2px solid var(--line); padding-top: .5rem; }
.marking-answer { margin: 0 0 1.5rem; padding: 1rem; border: 1px solid var(--line); }
.marking-answer legend { font-weight: 700; padding: 0 .25rem; }
.marking-label { font-size: 1rem; margin: .5rem 0 .25rem; }
.marking-text { margin: 0 0 1rem; padding: .75rem 1rem; background: var(--panel); border-left: .3rem solid var(--brand); white-space: pre-wrap; overflow-wrap: anywhere; }
.state { font-weight: 700; }
.state--active { color: var(--ok); }
.state--active::before { content: "\\2713\\00a0"; }
.state--revoked { color: var(--bad); }
.state--revoked::before, .state--suspended::before, .state--expired::before { content: "\\2717\\00a0"; }
.state--suspended, .state--expired { color: var(--warn); }
.pager { display: flex; flex-wrap: wrap; gap: .5rem 1.5rem; margin: 1rem 0; }
.back-link { margin-top: 2rem; }
code.details { font-size: .8125rem; overflow-wrap: anywhere; white-space: pre-wrap; }

[hidden] { display: none !important; }

.print-view .site-header nav, .print-view .no-print, .print-view .skip-link { display: none !important; }
@media print {
  html { font-size: 11pt; }
  .site-header { background: none; color: #000000; border-bottom: 2px solid #000000; }
  .site-header a { color: #000000; }
  .site-header nav, .skip-link, .no-print, .site-footer nav { display: none !important; }
  .site-footer { background: none; margin-top: 1rem; }
  .notice { border: 2px solid #000000; background: none; }
  .section { break-inside: avoid; }
  .qr__code svg { width: 3.5cm; height: 3.5cm; }
  a { color: #000000; }
}
`;
