import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import type { RateLimit } from '../../../services/shared/rate-limit.ts';
import type { AppEnv } from '../../../services/shared/routes.ts';
import { verifyPresentedCredential } from '../../../services/verification/verification.usecases.ts';
import { NotFoundPage } from '../not-found.tsx';
import { pageContext, pageHeaders, renderPage } from '../page.ts';
import { badgeViewOf } from './badge-view.ts';
import { VerifyFormPage, type VerifyFormProps } from './form.tsx';
import { MAX_CREDENTIAL_BYTES, maxSizeLabel, readPresented, type PresentedError } from './presented.ts';
import { qrCodeSvg } from './qr.ts';
import { verifyRateLimit, VERIFY_PAGE_LIMIT } from './rate-limit.tsx';
import { VerificationResultPage } from './result.tsx';
import { findStoredBadge } from './stored-badge.ts';

const credentialId = z.uuid();
// Room for the multipart envelope around a credential of the maximum size.
const MAX_BODY_BYTES = MAX_CREDENTIAL_BYTES + 64 * 1024;

function formError(c: Context<AppEnv>, field: 'credential' | 'file', error: PresentedError, extra: Partial<VerifyFormProps> = {}, status: 400 | 413 = 400) {
  const ctx = pageContext(c);
  const errors = ctx.m.pages.verify.errors;
  const message = error === 'tooBig' ? errors.tooBig(maxSizeLabel()) : errors[error];
  return renderPage(c, <VerifyFormPage ctx={ctx} maxSize={maxSizeLabel()} error={{ field, message, detail: extra.error?.detail }} value={extra.value} />, status);
}

/** What was sent to POST /verify: the file when one was chosen, else the pasted text. */
async function presentedText(body: Record<string, unknown>): Promise<{ field: 'credential' | 'file'; text: string } | { field: 'credential' | 'file'; error: PresentedError }> {
  const file = body.file;
  if (file instanceof File && file.size > 0) {
    if (file.size > MAX_CREDENTIAL_BYTES) return { field: 'file', error: 'tooBig' };
    const bytes = new Uint8Array(await file.arrayBuffer());
    try {
      return { field: 'file', text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
    } catch {
      return { field: 'file', error: 'unreadableFile' };
    }
  }
  return { field: 'credential', text: typeof body.credential === 'string' ? body.credential : '' };
}

/**
 * The public verification pages: GET /verify/<id> checks a badge we issued, now; GET /verify
 * is the form; POST /verify checks a pasted or uploaded credential without storing it.
 * All go through the one verifier (verifyPresentedCredential).
 */
export function verifyPages(options: { limit?: RateLimit } = {}): Hono<AppEnv> {
  const pages = new Hono<AppEnv>();
  pages.use('*', pageHeaders);
  const limited = verifyRateLimit(options.limit ?? VERIFY_PAGE_LIMIT);

  pages.get('/', (c) => {
    const ctx = pageContext(c);
    return renderPage(c, <VerifyFormPage ctx={ctx} maxSize={maxSizeLabel()} />);
  });

  pages.post(
    '/',
    limited,
    bodyLimit({ maxSize: MAX_BODY_BYTES, onError: (c) => formError(c as Context<AppEnv>, 'credential', 'tooBig', {}, 413) }),
    async (c) => {
      const sent = await presentedText(await c.req.parseBody());
      if ('error' in sent) return formError(c, sent.field, sent.error, {}, sent.error === 'tooBig' ? 413 : 400);
      const pasted = sent.field === 'credential' ? sent.text : undefined;
      const presented = readPresented(sent.text);
      if ('error' in presented) return formError(c, sent.field, presented.error, { value: presented.error === 'tooBig' ? undefined : pasted }, presented.error === 'tooBig' ? 413 : 400);
      const deps = c.get('deps');
      const report = await verifyPresentedCredential(deps, presented.value);
      const parsed = report.checks.find((check) => check.name === 'parsed');
      if (parsed?.status === 'failed') return formError(c, sent.field, 'notCredential', { value: pasted, error: { field: sent.field, message: '', detail: parsed.detail } });
      const ctx = pageContext(c);
      return renderPage(
        c,
        <VerificationResultPage ctx={ctx} report={report} badge={badgeViewOf(report.credential)} holder={{ kind: 'presented' }} checkedAt={deps.clock.now()} />,
      );
    },
  );

  pages.get('/:credentialId', limited, async (c) => {
    const ctx = pageContext(c);
    const id = c.req.param('credentialId');
    const deps = c.get('deps');
    const stored = credentialId.safeParse(id).success ? await findStoredBadge(deps, id) : undefined;
    if (!stored) return renderPage(c, <NotFoundPage ctx={ctx} badge />, 404);
    const report = await verifyPresentedCredential(deps, stored.document);
    const url = `${ctx.baseUrl}/verify/${id}`;
    return renderPage(
      c,
      <VerificationResultPage
        ctx={ctx}
        report={report}
        // The stored document is what we signed; show it even when a check fails.
        badge={badgeViewOf(report.credential ?? stored.document)}
        holder={stored.holder}
        checkedAt={deps.clock.now()}
        link={{ url, qrSvg: await qrCodeSvg(url) }}
      />,
    );
  });

  return pages;
}
