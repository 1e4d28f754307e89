import { randomUUID } from 'node:crypto';
import { currentFastSigner, type AchievementCredential } from '../../credentials/index.ts';
import type { Deps } from '../deps.ts';
import { issuerKeysRepository } from '../issuer/issuer.repository.ts';
import { signingKeyFor } from '../issuer/issuer.usecases.ts';
import { statusEntriesFor } from '../status/status.usecases.ts';
import { buildCertificationBadge } from './badge.ts';
import { registerFastPathWarmUp, type FastPathWarmUp } from './badge-signing.ts';

/** At most this many published programme versions are warmed (the fast path keeps 64 shapes). */
const MAX_VERSIONS = 12;

/**
 * Registers our keys (every key ever held: old badges are verified too) and the shapes of our
 * certification badges with the fast eddsa-rdfc-2022 path at start-up, so no first signing or
 * verification pays the template compilation and the API process verifies badges the worker
 * process signed on the fast path from the first one. One sample badge per published
 * programme version and evidence variant (modules; + webinars; + renewal link; both).
 * Nothing is stored; a shape that cannot go fast is simply left to the stock path.
 * The signing threads (signing-pool.ts) register the same with their own fast path.
 */
export async function warmCredentialFastPath(deps: Pick<Deps, 'db' | 'config' | 'secrets'>): Promise<{ keys: number; shapes: number; warmUp?: FastPathWarmUp }> {
  const fast = currentFastSigner();
  if (!fast) return { keys: 0, shapes: 0 };
  const warmUp = await fastPathWarmUp(deps);
  // The warm-up is handed back so the signing threads (started next by the workers) need not read it again.
  return { ...(await registerFastPathWarmUp(fast, warmUp)), warmUp };
}

/** Our keys and a sample badge per published programme version (at most MAX_VERSIONS) and evidence variant. */
export async function fastPathWarmUp(deps: Pick<Deps, 'db' | 'config' | 'secrets'>): Promise<FastPathWarmUp> {
  const rows = await issuerKeysRepository(deps.db).all();
  const keys = await Promise.all(rows.map((row) => signingKeyFor(deps, row.id)));
  const publicKeys = keys.map((key) => ({ verificationMethodId: key.verificationMethodId, publicKeyMultibase: key.publicKeyMultibase }));
  const active = rows.find((row) => row.retired_at === null);
  const activeKey = active ? keys[rows.indexOf(active)] : undefined;
  if (!activeKey || !active) return { keys: publicKeys, samples: [] };
  const versions = await deps.db
    .selectFrom('programme_versions as v')
    .innerJoin('programmes as p', 'p.id', 'v.programme_id')
    .select((eb) => [
      'p.code', 'v.level', 'v.title', 'v.description', 'v.validity_months', 'v.required_webinars', 'v.pass_mark_percent', 'v.fixed_duration_weeks', 'v.digcomp_alignment',
      eb.selectFrom('programme_modules as m').select((m) => m.fn.countAll<number>().as('n')).whereRef('m.programme_version_id', '=', 'v.id').as('module_count'),
    ])
    .where('v.status', '=', 'published')
    .orderBy('v.published_at', 'desc')
    .limit(MAX_VERSIONS)
    .execute();
  const now = new Date();
  const day = now.toISOString();
  const [status] = statusEntriesFor(deps, [{ purpose: 'suspension', listId: 'suspension-1', index: 0 }], active.id);
  const samples: AchievementCredential[] = [];
  for (const v of versions) {
    for (const variant of [{ webinars: false, renews: false }, { webinars: true, renews: false }, { webinars: false, renews: true }, { webinars: true, renews: true }]) {
      const badge = buildCertificationBadge(deps.config, {
        credentialUuid: randomUUID(),
        issuerDid: activeKey.controller,
        issuerName: deps.config.ISSUER_NAME,
        issuedAt: now,
        validityMonths: v.validity_months,
        learner: { email: 'warm-up@brevet.invalid', locale: 'fr' },
        programme: {
          code: v.code, level: v.level, title: v.title, description: v.description, modules: Number(v.module_count),
          webinars: v.required_webinars, passMark: v.pass_mark_percent, weeks: v.fixed_duration_weeks, alignment: v.digcomp_alignment,
        },
        scorePercent: 80,
        evidence: {
          modules: [{ code: 'M1', completedAt: day }],
          webinars: variant.webinars ? [{ sessionId: randomUUID(), title: 'Webinar', attendedOn: day }] : [],
          attemptId: randomUUID(),
          ...(variant.renews ? { renews: randomUUID() } : {}),
        },
        status: status!,
      });
      samples.push(badge);
    }
  }
  return { keys: publicKeys, samples };
}
