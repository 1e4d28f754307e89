import { ErrorSummary, Notice } from '../components.tsx';
import { Layout } from '../layout.tsx';
import type { PageContext } from '../page.ts';

/** The hidden CSRF field every form that changes something carries (see session.ts). */
export function CsrfField({ token }: { token: string }) {
  return <input type="hidden" name="csrf" value={token} />;
}

/** The `next` path a sign-in returns to, carried through the forms. */
function NextField({ next }: { next?: string }) {
  return next ? <input type="hidden" name="next" value={next} /> : null;
}

export interface SignInFormProps {
  ctx: PageContext;
  csrf: string;
  next?: string;
  email?: string;
  error?: string;
  signedOut?: boolean;
}

/** GET /sign-in: the email field; the link comes by email (no password). */
export function SignInFormPage({ ctx, csrf, next, email, error, signedOut }: SignInFormProps) {
  const t = ctx.m.pages.signIn;
  return (
    <Layout ctx={ctx} title={t.title} noindex>
      <h1>{t.title}</h1>
      <ErrorSummary title={t.errorSummaryTitle} errors={error ? [{ field: 'email', message: error }] : []} />
      {signedOut ? (
        <Notice tone="success">
          <p>{t.signedOut}</p>
        </Notice>
      ) : null}
      <p>{t.intro}</p>
      <form method="post" action="/sign-in" novalidate>
        <CsrfField token={csrf} />
        <NextField next={next} />
        <div class={error ? 'field field--error' : 'field'}>
          <label for="email">{t.emailLabel}</label>
          <span class="field__hint" id="email-hint">{t.emailHint}</span>
          {error ? <span class="field__error" id="email-error">{error}</span> : null}
          <input
            type="email"
            id="email"
            name="email"
            autocomplete="email"
            spellcheck={false}
            value={email ?? ''}
            aria-describedby={error ? 'email-hint email-error' : 'email-hint'}
            aria-invalid={error ? 'true' : undefined}
          />
        </div>
        <button type="submit" class="button">{t.submit}</button>
      </form>
    </Layout>
  );
}

/** After POST /sign-in: the same page whether or not the address is known (no account enumeration). */
export function CheckMailboxPage({ ctx, email, next, minutes }: { ctx: PageContext; email: string; next?: string; minutes: number }) {
  const t = ctx.m.pages.signIn;
  return (
    <Layout ctx={ctx} title={t.sentTitle} noindex>
      <Notice tone="success">
        <h1 class="outcome__title">{t.sentTitle}</h1>
        <p>{t.sent(email)}</p>
      </Notice>
      <p>{t.sentHint(minutes)}</p>
      <p>
        <a href={next ? `/sign-in?next=${encodeURIComponent(next)}` : '/sign-in'}>{t.askAgain}</a>
      </p>
    </Layout>
  );
}

/**
 * GET /sign-in/callback: a button that posts the token. The GET itself never spends it:
 * mail scanners and link previews fetch links before the person clicks.
 */
export function CallbackPage({ ctx, csrf, token, next }: { ctx: PageContext; csrf: string; token: string; next?: string }) {
  const t = ctx.m.pages.signIn;
  return (
    <Layout ctx={ctx} title={t.callbackTitle} noindex>
      <h1>{t.callbackTitle}</h1>
      <p>{t.callbackIntro}</p>
      <form method="post" action="/sign-in/callback">
        <CsrfField token={csrf} />
        <NextField next={next} />
        <input type="hidden" name="token" value={token} />
        <button type="submit" class="button">{t.callbackSubmit}</button>
      </form>
    </Layout>
  );
}

/** A used, expired or unknown link (401), with the way to a new one. */
export function InvalidLinkPage({ ctx, next }: { ctx: PageContext; next?: string }) {
  const t = ctx.m.pages.signIn;
  return (
    <Layout ctx={ctx} title={t.invalidTitle} noindex>
      <Notice tone="danger">
        <h1 class="outcome__title">{t.invalidTitle}</h1>
        <p>{t.invalidIntro}</p>
      </Notice>
      <p>
        <a class="button" href={next ? `/sign-in?next=${encodeURIComponent(next)}` : '/sign-in'}>{t.newLink}</a>
      </p>
    </Layout>
  );
}

/** 403: signed in, but without a role this page allows. */
export function ForbiddenPage({ ctx }: { ctx: PageContext }) {
  const t = ctx.m.pages.signIn;
  return (
    <Layout ctx={ctx} title={t.forbiddenTitle} noindex>
      <h1>{t.forbiddenTitle}</h1>
      <p>{t.forbiddenIntro}</p>
    </Layout>
  );
}

/** 403: a form post without our CSRF token or from another origin; nothing was changed. */
export function StaleFormPage({ ctx }: { ctx: PageContext }) {
  const t = ctx.m.pages.signIn;
  return (
    <Layout ctx={ctx} title={t.staleFormTitle} noindex>
      <Notice tone="danger">
        <h1 class="outcome__title">{t.staleFormTitle}</h1>
        <p>{t.staleFormIntro}</p>
      </Notice>
    </Layout>
  );
}
