import type { Child } from 'hono/jsx';
import { LANGUAGE_TAGS, LOCALES, type Locale } from '../i18n/index.ts';
import { assets } from './assets.ts';
import type { PageContext } from './page.ts';

/** Link-preview metadata (Open Graph, Twitter). Never put a holder's name here unless they shared it. */
export interface PreviewMeta {
  title: string;
  description: string;
  /** The canonical public URL of the page. */
  url: string;
}

export interface LayoutProps {
  ctx: PageContext;
  /** The document title (the brand is appended). */
  title: string;
  description?: string;
  preview?: PreviewMeta;
  /** Search engines stay away from pages about one person's badge. */
  noindex?: boolean;
  /** Where the service name links to (the learner space and console pass their home). */
  homeHref?: string;
  /** Extra header content after the language switch: a section's navigation, the signed-in person. */
  headerNav?: Child;
  children?: Child;
}

/** The same path and query with another `lang` (the switch keeps the reader where they are). */
function languageHref(url: URL, locale: Locale): string {
  const next = new URL(url.toString());
  next.searchParams.set('lang', locale);
  return `${next.pathname}${next.search}`;
}

const OG_LOCALES: Record<Locale, string> = { fr: 'fr_BE', nl: 'nl_BE', de: 'de_BE', en: 'en_GB' };

/** The language switch: every language in its own name, the current one marked (aria-current). */
export function LanguageSwitch({ ctx }: { ctx: PageContext }) {
  return (
    <nav class="languages" aria-label={ctx.m.pages.layout.languageSwitch}>
      <ul>
        {LOCALES.map((locale) => (
          <li>
            <a href={languageHref(ctx.url, locale)} lang={locale} hreflang={locale} aria-current={locale === ctx.locale ? 'true' : undefined}>
              <span aria-hidden="true">{locale.toUpperCase()}</span>
              <span class="visually-hidden">{ctx.m.pages.languageNames[locale]}</span>
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/**
 * The page frame every server-rendered page shares (public pages now, the learner space
 * and admin console later): skip link, header with the service name and the language
 * switch, one main landmark (#main), footer; our own stylesheet and script only.
 */
export function Layout({ ctx, title, description, preview, noindex, homeHref = '/verify', headerNav, children }: LayoutProps) {
  const t = ctx.m.pages.layout;
  return (
    <html lang={LANGUAGE_TAGS[ctx.locale]}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} · ${ctx.m.common.brand}`}</title>
        {description ? <meta name="description" content={description} /> : null}
        {noindex ? <meta name="robots" content="noindex" /> : null}
        {preview ? (
          <>
            <meta property="og:type" content="website" />
            <meta property="og:site_name" content={ctx.m.common.brand} />
            <meta property="og:title" content={preview.title} />
            <meta property="og:description" content={preview.description} />
            <meta property="og:url" content={preview.url} />
            <meta property="og:locale" content={OG_LOCALES[ctx.locale]} />
            <meta name="twitter:card" content="summary" />
            <meta name="twitter:title" content={preview.title} />
            <meta name="twitter:description" content={preview.description} />
            <link rel="canonical" href={preview.url} />
          </>
        ) : null}
        <link rel="stylesheet" href={assets.css.path} />
        <script src={assets.js.path} defer></script>
      </head>
      <body class={ctx.print ? 'print-view' : undefined}>
        <a class="skip-link" href="#main">{t.skipLink}</a>
        <header class="site-header">
          <div class="wrap">
            <div>
              <a class="brand" href={homeHref}>{ctx.m.common.brand}</a>
              <span class="tagline">{t.tagline}</span>
            </div>
            <LanguageSwitch ctx={ctx} />
            {headerNav}
          </div>
        </header>
        <main id="main" tabindex={-1}>
          <div class="wrap">{children}</div>
        </main>
        <footer class="site-footer">
          <div class="wrap">
            <p>{t.footer}</p>
            <nav aria-label={ctx.m.common.brand}>
              <a href="/verify">{t.verifyLink}</a>
            </nav>
          </div>
        </footer>
      </body>
    </html>
  );
}
