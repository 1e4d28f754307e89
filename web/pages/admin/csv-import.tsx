import { randomUUID } from 'node:crypto';
import type { Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { getCohort } from '../../../services/cohorts/cohorts.usecases.ts';
import { enrolFromCsv, type CsvRowResult } from '../../../services/enrolments/csv-import.usecases.ts';
import { AppError } from '../../../services/shared/errors.ts';
import type { AppEnv } from '../../../services/shared/routes.ts';
import { FileField, Notice } from '../components.tsx';
import { pageContext, renderPage } from '../page.ts';
import { cohortLabel, type CohortDetail } from './cohort.tsx';
import { ADMIN, AdminPage, consoleAccess, CsrfField, DataTable, MessagePage, orErrorPage, trustedForm, type AdminPageContext } from './frame.tsx';

const MAX_CSV_BYTES = 1024 * 1024;
const REPORT_TTL_SECONDS = 3600;

interface StoredReport {
  personId: string;
  cohortId: string;
  summary: { enrolled: number; alreadyEnrolled: number; invalid: number };
  rows: CsvRowResult[];
}

/** The import report is kept in Redis for an hour, for the person who imported, so the POST can answer 303 to it. */
function reportKey(c: Context<AppEnv>, reportId: string): string {
  return `${c.get('deps').config.QUEUE_PREFIX}:admin:csv-report:${reportId}`;
}

function ImportForm({ ctx, cohort, error }: { ctx: AdminPageContext; cohort: CohortDetail; error?: string }) {
  const t = ctx.m.pages.admin.csvImport;
  return (
    <AdminPage ctx={ctx} title={`${t.title}: ${cohortLabel(ctx, cohort)}`} errors={error ? [{ field: 'csv-file', message: error }] : []}>
      <p>{t.intro}</p>
      <form method="post" action={`/admin/cohorts/${cohort.id}/import`} enctype="multipart/form-data">
        <CsrfField ctx={ctx} />
        <FileField id="csv-file" name="file" label={t.fileLabel} hint={t.fileHint} accept=".csv,text/csv,text/plain" error={error} />
        <button type="submit" class="button">{t.submit}</button>
      </form>
      <p class="back-link"><a href={`/admin/cohorts/${cohort.id}`}>{ctx.m.pages.admin.common.backToCohort}</a></p>
    </AdminPage>
  );
}

function ReportPage({ ctx, cohort, report }: { ctx: AdminPageContext; cohort: CohortDetail; report: StoredReport | null }) {
  const t = ctx.m.pages.admin.csvImport;
  return (
    <AdminPage ctx={ctx} title={`${t.reportTitle}: ${cohortLabel(ctx, cohort)}`}>
      {report ? (
        <>
          <Notice tone={report.summary.invalid ? 'warning' : 'success'}>
            <p role="status">{t.summary(report.summary.enrolled, report.summary.alreadyEnrolled, report.summary.invalid)}</p>
          </Notice>
          <DataTable id="import-report" caption={t.caption} headers={[t.line, t.email, t.result, t.reason]}>
            {report.rows.map((row) => (
              <tr class={row.result === 'invalid' ? 'row--warning' : undefined}>
                <td class="num">{row.line}</td>
                <th scope="row" class="mono">{row.email}</th>
                <td>{t.results[row.result]}</td>
                <td>{row.reason ? (t.reasons[row.reason] ?? <span lang="en">{row.reason}</span>) : ''}</td>
              </tr>
            ))}
          </DataTable>
        </>
      ) : (
        <p>{t.reportGone}</p>
      )}
      <ul class="plain-list back-link">
        <li><a href={`/admin/cohorts/${cohort.id}/import`}>{t.importAnother}</a></li>
        <li><a href={`/admin/cohorts/${cohort.id}`}>{ctx.m.pages.admin.common.backToCohort}</a></li>
      </ul>
    </AdminPage>
  );
}

/** The uploaded file as text, or the message saying why not. */
async function uploadedText(ctx: AdminPageContext, file: unknown): Promise<{ text: string } | { error: string }> {
  const t = ctx.m.pages.admin.csvImport;
  if (!(file instanceof File) || file.size === 0) return { error: t.noFile };
  if (file.size > MAX_CSV_BYTES) return { error: t.tooBig };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(new Uint8Array(await file.arrayBuffer())) };
  } catch {
    return { error: t.unreadable };
  }
}

/** GET/POST /admin/cohorts/:id/import (upload a CSV, enrolFromCsv) and GET .../import/:reportId (the per-line report). */
export function csvImportPages(pages: Hono<AppEnv>): void {
  const cohortOf = (c: Context<AppEnv>, ctx: AdminPageContext) => orErrorPage(c, ctx, () => getCohort(c.get('deps'), { cohortId: c.req.param('cohortId')!, principal: ctx.person }));

  pages.get('/cohorts/:cohortId{[0-9a-f-]{36}}/import', async (c) => {
    const ctx = await consoleAccess(c, ADMIN);
    if (ctx instanceof Response) return ctx;
    const cohort = await cohortOf(c, ctx);
    if (cohort instanceof Response) return cohort;
    return renderPage(c, <ImportForm ctx={ctx} cohort={cohort} />);
  });

  pages.post(
    '/cohorts/:cohortId{[0-9a-f-]{36}}/import',
    bodyLimit({
      maxSize: MAX_CSV_BYTES + 64 * 1024,
      onError: (c) => {
        const ctx = pageContext(c as Context<AppEnv>);
        const t = ctx.m.pages.admin;
        return renderPage(c as Context<AppEnv>, <MessagePage ctx={ctx} title={t.errors.invalidTitle} message={t.csvImport.tooBig} />, 413);
      },
    }),
    async (c) => {
      const ctx = await consoleAccess(c, ADMIN);
      if (ctx instanceof Response) return ctx;
      const body = await trustedForm(c, ctx);
      if (body instanceof Response) return body;
      const cohort = await cohortOf(c, ctx);
      if (cohort instanceof Response) return cohort;
      const upload = await uploadedText(ctx, body.file);
      if ('error' in upload) return renderPage(c, <ImportForm ctx={ctx} cohort={cohort} error={upload.error} />, 400);
      const deps = c.get('deps');
      let result;
      try {
        result = await enrolFromCsv(deps, { cohortId: cohort.id, csv: upload.text, principal: ctx.person });
      } catch (error) {
        if (error instanceof AppError && error.code === 'enrolments.csv_invalid') {
          return renderPage(c, <ImportForm ctx={ctx} cohort={cohort} error={`${ctx.m.pages.admin.csvImport.invalid} (${error.detail ?? ''})`} />, 400);
        }
        throw error;
      }
      const reportId = randomUUID();
      const stored: StoredReport = { personId: ctx.person.id, cohortId: cohort.id, ...result };
      await deps.redis.set(reportKey(c, reportId), JSON.stringify(stored), 'EX', REPORT_TTL_SECONDS);
      return c.redirect(`/admin/cohorts/${cohort.id}/import/${reportId}`, 303);
    },
  );

  pages.get('/cohorts/:cohortId{[0-9a-f-]{36}}/import/:reportId{[0-9a-f-]{36}}', async (c) => {
    const ctx = await consoleAccess(c, ADMIN);
    if (ctx instanceof Response) return ctx;
    const cohort = await cohortOf(c, ctx);
    if (cohort instanceof Response) return cohort;
    const raw = await c.get('deps').redis.get(reportKey(c, c.req.param('reportId')));
    const report = raw ? (JSON.parse(raw) as StoredReport) : null;
    const own = report && report.personId === ctx.person.id && report.cohortId === cohort.id ? report : null;
    return renderPage(c, <ReportPage ctx={ctx} cohort={cohort} report={own} />);
  });
}
