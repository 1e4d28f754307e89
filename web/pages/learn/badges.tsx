import type { Context } from 'hono';
import { RENEWAL_WINDOW_DAYS } from '../../../services/certification/renewal.usecases.ts';
import { credentialsRepository } from '../../../services/credentials/credentials.repository.ts';
import { listHeldCredentials } from '../../../services/credentials/wallet.usecases.ts';
import type { AppEnv } from '../../../services/shared/routes.ts';
import { formatDate } from '../../i18n/index.ts';
import { FactList, type FieldError } from '../components.tsx';
import { badgeViewOf } from '../verify/badge-view.ts';
import { renewalsOf } from './renewals.ts';
import { LearnLayout, PostButton, type LearnerContext } from './shell.tsx';

const DAY_MS = 86_400_000;
const OPEN_RENEWAL = ['requested', 'approved', 'active', 'completed'];

/** A badge held by this person, or undefined (not found, or someone else's: the same 404). */
export async function ownBadge(c: Context<AppEnv>, lc: LearnerContext, credentialId: string) {
  if (!/^[0-9a-f-]{36}$/i.test(credentialId)) return undefined;
  const row = await credentialsRepository(c.get('deps').db).byId(credentialId);
  return row && row.holder_person_id === lc.person.id ? row : undefined;
}

/**
 * The "add to profile" link of LinkedIn: a plain link with the certification's facts in
 * its query (nothing is fetched from or sent to LinkedIn by us).
 */
export function linkedInUrl(input: { name: string; organisationName: string; issuedAt: string; validUntil: string | null; verifyUrl: string; credentialId: string }): string {
  const issued = new Date(input.issuedAt);
  const params = new URLSearchParams({
    startTask: 'CERTIFICATION_NAME',
    name: input.name,
    organizationName: input.organisationName,
    issueYear: String(issued.getUTCFullYear()),
    issueMonth: String(issued.getUTCMonth() + 1),
  });
  if (input.validUntil) {
    const until = new Date(input.validUntil);
    params.set('expirationYear', String(until.getUTCFullYear()));
    params.set('expirationMonth', String(until.getUTCMonth() + 1));
  }
  params.set('certUrl', input.verifyUrl);
  params.set('certId', input.credentialId);
  return `https://www.linkedin.com/profile/add?${params.toString()}`;
}

/** The learner's badges with what the page shows for each: state, links, renewal. */
export async function loadBadges(c: Context<AppEnv>, lc: LearnerContext) {
  const deps = c.get('deps');
  const [held, renewals] = await Promise.all([listHeldCredentials(deps, { personId: lc.person.id }), renewalsOf(deps.db, lc.person.id)]);
  const now = deps.clock.now().getTime();
  const repo = credentialsRepository(deps.db);
  return Promise.all(
    held.map(async (badge) => {
      const row = await repo.byId(badge.id);
      const view = badgeViewOf(row?.document ?? {});
      const expiresAt = badge.validUntil ? Date.parse(badge.validUntil) : Infinity;
      const expired = expiresAt <= now;
      const renewal = renewals.find((r) => r.renews_credential_id === badge.id && OPEN_RENEWAL.includes(r.status));
      const verifyUrl = `${lc.ctx.baseUrl}/verify/${badge.id}`;
      return {
        ...badge,
        name: badge.achievement.name ?? view.achievement.name ?? lc.ctx.m.pages.verify.unnamed,
        issuerName: view.issuer.name ?? deps.config.ISSUER_NAME,
        state: badge.revoked ? ('revoked' as const) : expired ? ('expired' as const) : ('valid' as const),
        verifyUrl,
        hasJwt: Boolean(row?.jwt),
        renewable: !badge.revoked && !badge.replacedBy && !expired && expiresAt - now <= RENEWAL_WINDOW_DAYS * DAY_MS,
        renewalEnrolmentId: renewal?.id,
      };
    }),
  );
}

type BadgeData = Awaited<ReturnType<typeof loadBadges>>[number];

const STATE_TONES = { valid: 'success', revoked: 'danger', expired: 'warning' } as const;

function BadgeCard({ lc, badge }: { lc: LearnerContext; badge: BadgeData }) {
  const t = lc.ctx.m.pages.learn;
  const locale = lc.ctx.locale;
  const id = `badge-${badge.id}`;
  const base = `/learn/badges/${badge.id}`;
  return (
    <li class="card" id={id}>
      <h2 id={`${id}-title`}>{badge.name}</h2>
      <p>
        <span class={`tag tag--${STATE_TONES[badge.state]}`}>{t.badgeStates[badge.state]}</span>
        {badge.replacedBy ? ` ${t.replaced}` : ''}
      </p>
      <FactList
        facts={[
          { term: t.issuedOn, value: formatDate(locale, badge.issuedAt) },
          { term: t.validUntil, value: badge.validUntil ? formatDate(locale, badge.validUntil) : undefined },
        ]}
      />
      <p>
        <a href={`/verify/${badge.id}`}>{t.verifyPage}</a>
      </p>
      <h3>{t.downloadsTitle}</h3>
      <ul class="link-list">
        <li><a href={`${base}/credential.json`} download>{t.downloadJson}</a></li>
        {badge.hasJwt ? <li><a href={`${base}/credential.jwt`} download>{t.downloadJwt}</a></li> : null}
        <li><a href={`${base}/certificate.pdf`} download>{t.downloadPdf}</a></li>
        {badge.state === 'valid' ? (
          <li>
            <a href={linkedInUrl({ name: badge.name, organisationName: badge.issuerName, issuedAt: badge.issuedAt, validUntil: badge.validUntil, verifyUrl: badge.verifyUrl, credentialId: badge.id })} rel="noopener noreferrer">
              {t.linkedIn}
            </a>
          </li>
        ) : null}
      </ul>
      <h3>{t.sharingTitle}</h3>
      <p id={`${id}-sharing`}>{badge.shared ? t.sharedOn : t.sharedOff}</p>
      <form method="post" action={`${base}/sharing`} class="inline-form">
        <input type="hidden" name="csrf" value={lc.csrf} />
        <input type="hidden" name="shared" value={badge.shared ? 'false' : 'true'} />
        <button type="submit" class="button button--secondary" aria-describedby={`${id}-title ${id}-sharing`}>{badge.shared ? t.unshare : t.share}</button>
      </form>
      {badge.renewalEnrolmentId ? (
        <>
          <h3>{t.renewalTitle}</h3>
          <p><a class="button" href={`/learn/enrolments/${badge.renewalEnrolmentId}`}>{t.continueRenewal}</a></p>
        </>
      ) : badge.renewable && badge.validUntil ? (
        <>
          <h3>{t.renewalTitle}</h3>
          <p id={`${id}-renewal`}>{t.renewalIntro(formatDate(locale, badge.validUntil))}</p>
          <PostButton action={`${base}/renewal`} label={t.renew} csrf={lc.csrf} describedBy={`${id}-title ${id}-renewal`} />
        </>
      ) : null}
    </li>
  );
}

/** GET /learn/badges: every badge held, with its downloads, LinkedIn link, share switch and renewal. */
export function BadgesPage({ lc, badges, errors = [], notice }: { lc: LearnerContext; badges: BadgeData[]; errors?: FieldError[]; notice?: string }) {
  const t = lc.ctx.m.pages.learn;
  return (
    <LearnLayout lc={lc} title={t.badgesTitle} section="badges" errors={errors} notice={notice}>
      <h1>{t.badgesTitle}</h1>
      <p>{t.badgesIntro}</p>
      {badges.length === 0 ? <p>{t.noBadges}</p> : <ul class="cards">{badges.map((badge) => <BadgeCard lc={lc} badge={badge} />)}</ul>}
    </LearnLayout>
  );
}
