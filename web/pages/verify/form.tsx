import { ErrorSummary, FileField, TextAreaField } from '../components.tsx';
import { Layout } from '../layout.tsx';
import type { PageContext } from '../page.ts';

export interface VerifyFormProps {
  ctx: PageContext;
  maxSize: string;
  /** The error to show, on the field it is about. */
  error?: { field: 'credential' | 'file'; message: string; detail?: string };
  /** What was pasted, given back so it can be corrected. */
  value?: string;
}

/** GET /verify: paste a credential (JSON-LD or JWT) or choose its file; works without JavaScript. */
export function VerifyFormPage({ ctx, maxSize, error, value }: VerifyFormProps) {
  const t = ctx.m.pages.verify;
  return (
    <Layout ctx={ctx} title={t.formTitle} description={t.formIntro}>
      <h1>{t.formTitle}</h1>
      <ErrorSummary title={t.errorSummaryTitle} errors={error ? [{ field: error.field, message: error.message }] : []} />
      <p>{t.formIntro}</p>
      <form method="post" action="/verify" enctype="multipart/form-data" novalidate>
        <TextAreaField
          id="credential"
          name="credential"
          label={t.pasteLabel}
          hint={t.pasteHint}
          error={error?.field === 'credential' ? error.message : undefined}
          value={value}
          rows={12}
        />
        <FileField
          id="file"
          name="file"
          label={t.fileLabel}
          hint={t.fileHint(maxSize)}
          accept=".json,.jwt,.jsonld,application/json,application/ld+json,application/jwt,text/plain"
          error={error?.field === 'file' ? error.message : undefined}
        />
        {error?.detail ? (
          <p class="muted">
            {t.technicalDetail}: <span lang="en">{error.detail}</span>
          </p>
        ) : null}
        <button type="submit" class="button">
          {t.submit}
        </button>
      </form>
    </Layout>
  );
}
