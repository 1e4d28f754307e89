import type { Context, Hono } from 'hono';
import type { AppEnv } from '../../../services/shared/routes.ts';
import { formatDate, LANGUAGE_TAGS } from '../../i18n/index.ts';
import { certificatePdf } from '../pdf/certificate.ts';
import { badgeViewOf } from '../verify/badge-view.ts';
import { ownBadge } from './badges.tsx';
import { learnerContext, notFound } from './shell.tsx';

function attachment(name: string): string {
  return `attachment; filename="${name}"`;
}

async function held(c: Context<AppEnv>) {
  const lc = await learnerContext(c);
  if (lc instanceof Response) return lc;
  const row = await ownBadge(c, lc, c.req.param('credentialId') ?? '');
  return row ? { lc, row } : notFound(c, lc.ctx);
}

/**
 * The holder's downloads of one of their badges: the signed JSON-LD document, its JWT
 * form, and a PDF certificate with the QR code of the public verification link.
 */
export function badgeDownloads(pages: Hono<AppEnv>): void {
  pages.get('/badges/:credentialId/credential.json', async (c) => {
    const found = await held(c);
    if (found instanceof Response) return found;
    return c.body(JSON.stringify(found.row.document, null, 2), 200, {
      'Content-Type': 'application/ld+json; charset=utf-8',
      'Content-Disposition': attachment(`brevet-badge-${found.row.id}.json`),
    });
  });

  pages.get('/badges/:credentialId/credential.jwt', async (c) => {
    const found = await held(c);
    if (found instanceof Response) return found;
    if (!found.row.jwt) return notFound(c, found.lc.ctx);
    return c.body(found.row.jwt, 200, { 'Content-Type': 'application/jwt', 'Content-Disposition': attachment(`brevet-badge-${found.row.id}.jwt`) });
  });

  pages.get('/badges/:credentialId/certificate.pdf', async (c) => {
    const found = await held(c);
    if (found instanceof Response) return found;
    const { lc, row } = found;
    const locale = lc.ctx.locale;
    const view = badgeViewOf(row.document);
    const issuedOn = view.issuedOn ?? new Date(row.issued_at).toISOString();
    const pdf = await certificatePdf({
      languageTag: LANGUAGE_TAGS[locale],
      labels: lc.ctx.m.pages.learn.certificate,
      holderName: lc.name,
      achievementName: view.achievement.name ?? lc.ctx.m.pages.verify.unnamed,
      issuedOn: formatDate(locale, issuedOn),
      validUntil: view.validUntil ? formatDate(locale, view.validUntil) : undefined,
      issuerName: view.issuer.name ?? c.get('deps').config.ISSUER_NAME,
      verifyUrl: `${lc.ctx.baseUrl}/verify/${row.id}`,
      credentialId: row.id,
    });
    return c.body(pdf as Uint8Array<ArrayBuffer>, 200, { 'Content-Type': 'application/pdf', 'Content-Disposition': attachment(`brevet-certificate-${row.id}.pdf`) });
  });
}
