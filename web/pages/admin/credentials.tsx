import type { Context, Hono } from 'hono';
import { credentialRecord, listCredentials, type CredentialView } from '../../../services/reports/records.usecases.ts';
import { AppError } from '../../../services/shared/errors.ts';
import type { AppEnv } from '../../../services/shared/routes.ts';
import { changeCredentialStatus } from '../../../services/status/status.usecases.ts';
import { FactList, Notice, Section, TextAreaField } from '../components.tsx';
import { renderPage } from '../page.ts';
import { csvDocument, csvResponse } from './csv.ts';
import {
  ADMIN, AdminPage, appErrorMessage, appErrorPage, consoleAccess, CsrfField, DataTable, formatDay, formatShortWhen, formText, InputField, notFoundPage, Pager,
  pageNumber, trustedForm, type AdminPageContext,
} from './frame.tsx';

type Action = 'revoke' | 'suspend' | 'unsuspend';
type CredentialRecord = NonNullable<Awaited<ReturnType<typeof credentialRecord>>>;
const ACTIONS: Action[] = ['revoke', 'suspend', 'unsuspend'];
const MAX_REASON = 500;
const PAGE_SIZE = 50;

function StateTag({ ctx, state }: { ctx: AdminPageContext; state: CredentialView['state'] }) {
  return <span class={`state state--${state}`}>{ctx.m.pages.admin.credentials.states[state]}</span>;
}

function allowed(credential: CredentialView, action: Action): boolean {
  return action === 'revoke' ? credential.canRevoke : action === 'suspend' ? credential.canSuspend : credential.canUnsuspend;
}

function CredentialsPage({ ctx, credentials, search, page, hasMore }: { ctx: AdminPageContext; credentials: CredentialView[]; search: string; page: number; hasMore: boolean }) {
  const t = ctx.m.pages.admin.credentials;
  const name = (c: CredentialView) => c.achievementName ?? t.unnamed;
  return (
    <AdminPage ctx={ctx} title={t.title}>
      <p>{t.intro}</p>
      <form method="get" action="/admin/credentials" role="search" class="inline-form">
        <InputField id="credential-search" name="q" type="search" label={t.searchLabel} value={search} />
        <button type="submit" class="button button--secondary">{t.search}</button>
      </form>
      <p><a href={`/admin/credentials.csv${search ? `?q=${encodeURIComponent(search)}` : ''}`}>{ctx.m.pages.admin.common.download}</a></p>
      {credentials.length === 0 ? (
        <p>{t.none}</p>
      ) : (
        <DataTable id="credentials-table" caption={t.caption} headers={[t.holder, t.achievement, t.issuedOn, t.validUntil, t.status]}>
          {credentials.map((cr) => (
            <tr>
              <th scope="row">
                <a href={`/admin/credentials/${cr.id}`} aria-label={t.manage(cr.holder?.displayName ?? cr.id)}>{cr.holder?.displayName ?? t.unknownHolder}</a>
                <span class="cell-note mono">{cr.id}</span>
              </th>
              <td>{name(cr)}</td>
              <td>{formatShortWhen(ctx.locale, cr.issuedAt)}</td>
              <td>{cr.validUntil ? formatDay(ctx.locale, cr.validUntil.toISOString().slice(0, 10)) : ctx.m.pages.admin.common.none}</td>
              <td><StateTag ctx={ctx} state={cr.state} /></td>
            </tr>
          ))}
        </DataTable>
      )}
      <Pager ctx={ctx} page={page} hasMore={hasMore} />
    </AdminPage>
  );
}

function CredentialPage({ ctx, credential, notice }: { ctx: AdminPageContext; credential: CredentialRecord; notice?: string }) {
  const t = ctx.m.pages.admin.credentials;
  const possible = ACTIONS.filter((a) => allowed(credential, a));
  return (
    <AdminPage ctx={ctx} title={t.detailTitle(credential.achievementName ?? t.unnamed)} notice={notice}>
      <Section id="facts" title={t.factsTitle}>
        <FactList
          facts={[
            { term: t.status, value: <StateTag ctx={ctx} state={credential.state} /> },
            { term: t.holder, value: credential.holder?.displayName ?? t.unknownHolder },
            { term: t.achievement, value: credential.achievementName ?? t.unnamed },
            { term: t.issuedOn, value: formatShortWhen(ctx.locale, credential.issuedAt) },
            { term: t.validUntil, value: credential.validUntil ? formatShortWhen(ctx.locale, credential.validUntil) : ctx.m.pages.admin.common.none },
            { term: t.id, value: <span class="mono">{credential.id}</span> },
            { term: t.vcId, value: credential.vcId ? <span class="mono">{credential.vcId}</span> : undefined },
          ]}
        />
        <p><a href={`/verify/${credential.id}`}>{t.verifyLink}</a></p>
      </Section>
      <Section id="status-actions" title={t.actionsTitle}>
        {possible.length ? (
          <ul class="button-row plain-list">
            {possible.map((action) => (
              <li>
                <a class={action === 'revoke' ? 'button button--danger' : 'button button--secondary'} href={`/admin/credentials/${credential.id}/status?action=${action}`}>
                  {t.actions[action]}
                </a>
              </li>
            ))}
          </ul>
        ) : (
          <p>{t.noAction}</p>
        )}
      </Section>
      <Section id="history" title={t.historyTitle}>
        {credential.changes.length === 0 ? (
          <p>{t.noHistory}</p>
        ) : (
          <DataTable id="history-table" caption={t.historyCaption} headers={[t.when, t.action, t.reason, t.by]}>
            {credential.changes.map((change) => (
              <tr>
                <td>{formatShortWhen(ctx.locale, change.at)}</td>
                <th scope="row">{t.actionNames[change.action]}</th>
                <td>{change.reason}</td>
                <td>{change.actor_name ?? (change.actor_kind === 'person' ? ctx.m.pages.admin.common.none : t.system)}</td>
              </tr>
            ))}
          </DataTable>
        )}
      </Section>
    </AdminPage>
  );
}

function ConfirmPage({ ctx, credential, action, error, reason }: { ctx: AdminPageContext; credential: CredentialRecord; action: Action; error?: string; reason?: string }) {
  const t = ctx.m.pages.admin.credentials;
  return (
    <AdminPage ctx={ctx} title={t.confirmTitle[action]} errors={error ? [{ field: 'status-reason', message: error }] : []}>
      <Notice tone={action === 'revoke' ? 'danger' : 'warning'}>
        <p>{t.confirmIntro[action]}</p>
      </Notice>
      <FactList
        facts={[
          { term: t.holder, value: credential.holder?.displayName ?? t.unknownHolder },
          { term: t.achievement, value: credential.achievementName ?? t.unnamed },
          { term: t.status, value: <StateTag ctx={ctx} state={credential.state} /> },
          { term: t.id, value: <span class="mono">{credential.id}</span> },
        ]}
      />
      <form method="post" action={`/admin/credentials/${credential.id}/status`}>
        <CsrfField ctx={ctx} />
        <input type="hidden" name="action" value={action} />
        <TextAreaField id="status-reason" name="reason" label={t.reasonLabel} hint={t.reasonHint} rows={3} spellcheck value={reason} error={error} />
        <div class="button-row">
          <button type="submit" class={action === 'revoke' ? 'button button--danger' : 'button'}>{t.confirm[action]}</button>
          <a href={`/admin/credentials/${credential.id}`}>{ctx.m.pages.admin.common.cancel}</a>
        </div>
      </form>
    </AdminPage>
  );
}

const CREDENTIAL_CSV_HEADER = ['credential_id', 'vc_id', 'achievement', 'holder', 'holder_email', 'issued_at', 'valid_until', 'status', 'revoked_at'];

const isAction = (v: string): v is Action => (ACTIONS as string[]).includes(v);
const isId = (v: string) => /^[0-9a-f-]{36}$/.test(v);

/**
 * GET /admin/credentials (search, list), GET /admin/credentials.csv, GET /admin/credentials/:id
 * (status and history), GET /admin/credentials/:id/status?action= (the confirm step, with a
 * mandatory reason) and POST /admin/credentials/:id/status (changeCredentialStatus).
 */
export function credentialPages(pages: Hono<AppEnv>): void {
  const record = async (c: Context<AppEnv>, ctx: AdminPageContext) => {
    const id = c.req.param('credentialId') ?? '';
    const found = isId(id) ? await credentialRecord(c.get('deps'), id) : undefined;
    return found ?? notFoundPage(c, ctx);
  };

  pages.get('/credentials', async (c) => {
    const ctx = await consoleAccess(c, ADMIN);
    if (ctx instanceof Response) return ctx;
    const search = (c.req.query('q') ?? '').trim().slice(0, 200);
    const page = pageNumber(c.req.query('page'));
    const { credentials, hasMore } = await listCredentials(c.get('deps'), { search, page, pageSize: PAGE_SIZE });
    return renderPage(c, <CredentialsPage ctx={ctx} credentials={credentials} search={search} page={page} hasMore={hasMore} />);
  });

  pages.get('/credentials.csv', async (c) => {
    const ctx = await consoleAccess(c, ADMIN);
    if (ctx instanceof Response) return ctx;
    const search = (c.req.query('q') ?? '').trim().slice(0, 200);
    const { credentials } = await listCredentials(c.get('deps'), { search, page: 1, pageSize: 50_000 });
    const rows = credentials.map((cr) => [cr.id, cr.vcId, cr.achievementName, cr.holder?.displayName, cr.holder?.email, cr.issuedAt, cr.validUntil, cr.state, cr.revokedAt]);
    return csvResponse(c, 'credentials.csv', csvDocument(CREDENTIAL_CSV_HEADER, rows));
  });

  pages.get('/credentials/:credentialId', async (c) => {
    const ctx = await consoleAccess(c, ADMIN);
    if (ctx instanceof Response) return ctx;
    const credential = await record(c, ctx);
    if (credential instanceof Response) return credential;
    const changed = c.req.query('changed') ?? '';
    const notice = isAction(changed) ? ctx.m.pages.admin.credentials.changed[changed] : undefined;
    return renderPage(c, <CredentialPage ctx={ctx} credential={credential} notice={notice} />);
  });

  pages.get('/credentials/:credentialId/status', async (c) => {
    const ctx = await consoleAccess(c, ADMIN);
    if (ctx instanceof Response) return ctx;
    const credential = await record(c, ctx);
    if (credential instanceof Response) return credential;
    const action = c.req.query('action') ?? '';
    if (!isAction(action)) return notFoundPage(c, ctx);
    if (!allowed(credential, action)) return renderPage(c, <CredentialPage ctx={ctx} credential={credential} />, 409);
    return renderPage(c, <ConfirmPage ctx={ctx} credential={credential} action={action} />);
  });

  pages.post('/credentials/:credentialId/status', async (c) => {
    const ctx = await consoleAccess(c, ADMIN);
    if (ctx instanceof Response) return ctx;
    const body = await trustedForm(c, ctx);
    if (body instanceof Response) return body;
    const credential = await record(c, ctx);
    if (credential instanceof Response) return credential;
    const action = formText(body, 'action');
    const reason = formText(body, 'reason');
    if (!isAction(action)) return notFoundPage(c, ctx);
    const t = ctx.m.pages.admin.credentials;
    if (!reason) return renderPage(c, <ConfirmPage ctx={ctx} credential={credential} action={action} error={t.reasonRequired} />, 422);
    if (reason.length > MAX_REASON) return renderPage(c, <ConfirmPage ctx={ctx} credential={credential} action={action} error={t.reasonTooLong} reason={reason} />, 422);
    try {
      await changeCredentialStatus(c.get('deps'), { credentialId: credential.id, action, reason, actor: ctx.person });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      if (error.status === 404) return appErrorPage(c, ctx, error);
      return renderPage(c, <ConfirmPage ctx={ctx} credential={credential} action={action} error={appErrorMessage(ctx, error).message} reason={reason} />, error.status === 409 ? 409 : 422);
    }
    return c.redirect(`/admin/credentials/${credential.id}?changed=${action}`, 303);
  });
}
