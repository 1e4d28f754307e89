import { Layout } from './layout.tsx';
import type { PageContext } from './page.ts';

/** The friendly 404 in the page layout; `badge` for an unknown verification link. */
export function NotFoundPage({ ctx, badge = false }: { ctx: PageContext; badge?: boolean }) {
  const t = ctx.m.pages.notFound;
  return (
    <Layout ctx={ctx} title={badge ? t.badgeTitle : t.title} noindex>
      <h1>{badge ? t.badgeTitle : t.title}</h1>
      <p>{badge ? t.badgeIntro : t.intro}</p>
      <p>
        <a href="/verify">{t.verifyAnother}</a>
      </p>
    </Layout>
  );
}
