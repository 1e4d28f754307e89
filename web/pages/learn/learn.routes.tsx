import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import { startAttempt, submitAttempt } from '../../../services/assessments/attempts.usecases.ts';
import { openRenewal } from '../../../services/certification/renewal.usecases.ts';
import { setCredentialSharing } from '../../../services/credentials/wallet.usecases.ts';
import { enrolmentsRepository } from '../../../services/enrolments/enrolments.repository.ts';
import { requestEnrolment, withdrawEnrolment } from '../../../services/enrolments/enrolments.usecases.ts';
import { completeModule, startModule } from '../../../services/learning/progress.usecases.ts';
import type { AppError } from '../../../services/shared/errors.ts';
import type { AppEnv } from '../../../services/shared/routes.ts';
import { bookSession, cancelBooking } from '../../../services/webinars/bookings.usecases.ts';
import { webinarErrors } from '../../../services/webinars/webinars.errors.ts';
import { pageHeaders, renderPage } from '../page.ts';
import { MAX_CREDENTIAL_BYTES } from '../verify/presented.ts';
import { AttemptPage, loadAttempt, readAnswers } from './attempt.tsx';
import { BadgesPage, loadBadges } from './badges.tsx';
import { badgeDownloads } from './badge-files.ts';
import { CataloguePage, loadCatalogue } from './catalogue.tsx';
import { readPrerequisite } from './prerequisite-file.ts';
import { EnrolmentPage, loadEnrolment } from './enrolment.tsx';
import { EnrolmentsPage, loadEnrolments } from './enrolments.tsx';
import { attempt, doneNotice, learnerContext, learnerForm, notFound, refusalMessage, refusalStatus, type LearnerContext } from './shell.tsx';

const uuid = z.uuid();
const isId = (value: string | undefined): value is string => uuid.safeParse(value).success;

/** The enrolment named in the path when it is this learner's (anything else is a 404, never a 403). */
async function ownEnrolment(c: Context<AppEnv>, lc: LearnerContext): Promise<string | undefined> {
  const id = c.req.param('enrolmentId');
  if (!isId(id)) return undefined;
  const row = await enrolmentsRepository(c.get('deps').db).find(id);
  return row?.person_id === lc.person.id ? id : undefined;
}

/** The enrolment page again, with a refusal at the top linking to where it happened. */
async function enrolmentRefused(c: Context<AppEnv>, lc: LearnerContext, enrolmentId: string, refused: AppError, field: string) {
  if (refused.status === 403 || refused.status === 404) return notFound(c, lc.ctx);
  const data = (await loadEnrolment(c, lc, enrolmentId))!;
  return renderPage(c, <EnrolmentPage lc={lc} data={data} errors={[{ field, message: refusalMessage(lc.ctx, refused) }]} />, refusalStatus(refused));
}

/**
 * A form post about one of the learner's enrolments: CSRF and ownership checked, the use
 * case run, then a 303 to the enrolment page showing the result (or the page again with the refusal).
 */
function enrolmentAction(run: (c: Context<AppEnv>, lc: LearnerContext, enrolmentId: string, body: Record<string, unknown>) => Promise<unknown>, done: string, section: string) {
  return async (c: Context<AppEnv>) => {
    const form = await learnerForm(c);
    if (form instanceof Response) return form;
    const { lc, body } = form;
    const enrolmentId = await ownEnrolment(c, lc);
    if (!enrolmentId) return notFound(c, lc.ctx);
    const result = await attempt(() => run(c, lc, enrolmentId, body));
    if ('refused' in result) return enrolmentRefused(c, lc, enrolmentId, result.refused, section);
    return c.redirect(`/learn/enrolments/${enrolmentId}?done=${done}#${section}`, 303);
  };
}

function learnerEnrolmentRoutes(pages: Hono<AppEnv>): void {
  pages.get('/enrolments/:enrolmentId', async (c) => {
    const lc = await learnerContext(c);
    if (lc instanceof Response) return lc;
    const enrolmentId = await ownEnrolment(c, lc);
    const data = enrolmentId ? await loadEnrolment(c, lc, enrolmentId) : undefined;
    if (!data) return notFound(c, lc.ctx);
    return renderPage(c, <EnrolmentPage lc={lc} data={data} notice={doneNotice(lc.ctx, c.req.query('done'))} />);
  });

  pages.post('/enrolments/:enrolmentId/modules/:moduleId/start', enrolmentAction((c, lc, enrolmentId) => {
    const moduleId = c.req.param('moduleId');
    return startModule(c.get('deps'), { enrolmentId, moduleId: isId(moduleId) ? moduleId : '00000000-0000-0000-0000-000000000000', principal: lc.person });
  }, 'moduleStarted', 'modules'));

  pages.post('/enrolments/:enrolmentId/modules/:moduleId/completion', async (c) => {
    const form = await learnerForm(c);
    if (form instanceof Response) return form;
    const { lc, body } = form;
    const enrolmentId = await ownEnrolment(c, lc);
    const moduleId = c.req.param('moduleId');
    if (!enrolmentId || !isId(moduleId)) return notFound(c, lc.ctx);
    const minutes = z.coerce.number().int().min(1).max(1440).safeParse(typeof body.minutes === 'string' ? body.minutes.trim() || 'x' : 'x');
    if (!minutes.success) {
      const data = (await loadEnrolment(c, lc, enrolmentId))!;
      return renderPage(c, <EnrolmentPage lc={lc} data={data} errors={[{ field: `minutes-${moduleId}`, message: lc.ctx.m.pages.learn.errors.minutes }]} />, 400);
    }
    const result = await attempt(() => completeModule(c.get('deps'), { enrolmentId, moduleId, secondsSpent: minutes.data * 60, principal: lc.person }));
    if ('refused' in result) return enrolmentRefused(c, lc, enrolmentId, result.refused, 'modules');
    return c.redirect(`/learn/enrolments/${enrolmentId}?done=moduleCompleted#modules`, 303);
  });

  pages.post('/enrolments/:enrolmentId/sessions/:sessionId/booking', enrolmentAction(async (c, lc, enrolmentId) => {
    const sessionId = c.req.param('sessionId');
    if (!isId(sessionId)) throw webinarErrors.sessionNotFound();
    const deps = c.get('deps');
    const session = await deps.db.selectFrom('webinar_sessions').select('cohort_id').where('id', '=', sessionId).executeTakeFirst();
    const enrolment = await enrolmentsRepository(deps.db).find(enrolmentId);
    // A session of another cohort is not this enrolment's to book.
    if (!session || session.cohort_id !== enrolment?.cohort_id) throw webinarErrors.sessionNotFound();
    return bookSession(deps, { sessionId, principal: lc.person });
  }, 'booked', 'webinars'));

  pages.post('/enrolments/:enrolmentId/bookings/:bookingId/cancellation', enrolmentAction((c, lc) => {
    const bookingId = c.req.param('bookingId');
    return cancelBooking(c.get('deps'), { bookingId: isId(bookingId) ? bookingId : '00000000-0000-0000-0000-000000000000', principal: lc.person });
  }, 'bookingCancelled', 'webinars'));

  pages.post('/enrolments/:enrolmentId/withdrawal', enrolmentAction((c, lc, enrolmentId) => withdrawEnrolment(c.get('deps'), { enrolmentId, principal: lc.person }), 'withdrawn', 'withdraw'));
}

function learnerAttemptRoutes(pages: Hono<AppEnv>): void {
  pages.post('/enrolments/:enrolmentId/attempts', async (c) => {
    const form = await learnerForm(c);
    if (form instanceof Response) return form;
    const { lc } = form;
    const enrolmentId = await ownEnrolment(c, lc);
    if (!enrolmentId) return notFound(c, lc.ctx);
    const result = await attempt(() => startAttempt(c.get('deps'), { enrolmentId, principal: lc.person }));
    if ('refused' in result) {
      const open = result.refused.extensions.attemptId;
      if (result.refused.code === 'assessments.attempt_open' && typeof open === 'string') return c.redirect(`/learn/enrolments/${enrolmentId}/attempts/${open}`, 303);
      return enrolmentRefused(c, lc, enrolmentId, result.refused, 'assessment');
    }
    return c.redirect(`/learn/enrolments/${enrolmentId}/attempts/${result.ok.id}`, 303);
  });

  pages.get('/enrolments/:enrolmentId/attempts/:attemptId', async (c) => {
    const lc = await learnerContext(c);
    if (lc instanceof Response) return lc;
    const enrolmentId = await ownEnrolment(c, lc);
    const attemptId = c.req.param('attemptId');
    const found = enrolmentId && isId(attemptId) ? await attempt(() => loadAttempt(c, lc, enrolmentId, attemptId)) : undefined;
    if (!found || 'refused' in found) return notFound(c, lc.ctx);
    return renderPage(c, <AttemptPage lc={lc} data={found.ok} notice={doneNotice(lc.ctx, c.req.query('done'))} />);
  });

  pages.post('/enrolments/:enrolmentId/attempts/:attemptId', async (c) => {
    const form = await learnerForm(c);
    if (form instanceof Response) return form;
    const { lc } = form;
    const body = await c.req.parseBody({ all: true });
    const enrolmentId = await ownEnrolment(c, lc);
    const attemptId = c.req.param('attemptId');
    const found = enrolmentId && isId(attemptId) ? await attempt(() => loadAttempt(c, lc, enrolmentId, attemptId)) : undefined;
    if (!enrolmentId || !found || 'refused' in found) return notFound(c, lc.ctx);
    if (found.ok.status !== 'started') {
      const refused = { code: 'assessments.already_submitted', status: 409 } as AppError;
      return renderPage(c, <AttemptPage lc={lc} data={found.ok} errors={[{ field: 'main', message: refusalMessage(lc.ctx, refused) }]} />, 409);
    }
    const read = readAnswers(lc, found.ok.questions, body);
    if (read.errors.length) return renderPage(c, <AttemptPage lc={lc} data={found.ok} given={read.given} errors={read.errors} />, 400);
    const result = await attempt(() => submitAttempt(c.get('deps'), { enrolmentId, attemptId, answers: read.answers, principal: lc.person }));
    if ('refused' in result) {
      const again = await loadAttempt(c, lc, enrolmentId, attemptId);
      return renderPage(c, <AttemptPage lc={lc} data={again} given={read.given} errors={[{ field: 'main', message: refusalMessage(lc.ctx, result.refused) }]} />, refusalStatus(result.refused));
    }
    return c.redirect(`/learn/enrolments/${enrolmentId}/attempts/${attemptId}?done=submitted`, 303);
  });
}

function learnerBadgeRoutes(pages: Hono<AppEnv>): void {
  pages.get('/badges', async (c) => {
    const lc = await learnerContext(c);
    if (lc instanceof Response) return lc;
    return renderPage(c, <BadgesPage lc={lc} badges={await loadBadges(c, lc)} notice={doneNotice(lc.ctx, c.req.query('done'))} />);
  });

  badgeDownloads(pages);

  pages.post('/badges/:credentialId/sharing', async (c) => {
    const form = await learnerForm(c);
    if (form instanceof Response) return form;
    const { lc, body } = form;
    const credentialId = c.req.param('credentialId');
    const shared = body.shared === 'true';
    const result = isId(credentialId) ? await attempt(() => setCredentialSharing(c.get('deps'), { actor: lc.person, credentialId, shared })) : undefined;
    if (!result || 'refused' in result) return notFound(c, lc.ctx);
    return c.redirect(`/learn/badges?done=${shared ? 'shared' : 'unshared'}#badge-${credentialId}`, 303);
  });

  pages.post('/badges/:credentialId/renewal', async (c) => {
    const form = await learnerForm(c);
    if (form instanceof Response) return form;
    const { lc } = form;
    const credentialId = c.req.param('credentialId');
    if (!isId(credentialId)) return notFound(c, lc.ctx);
    const result = await attempt(() => openRenewal(c.get('deps'), { credentialId, personId: lc.person.id }));
    if ('refused' in result) {
      if (result.refused.status === 404) return notFound(c, lc.ctx);
      const errors = [{ field: `badge-${credentialId}`, message: refusalMessage(lc.ctx, result.refused) }];
      return renderPage(c, <BadgesPage lc={lc} badges={await loadBadges(c, lc)} errors={errors} />, refusalStatus(result.refused));
    }
    return c.redirect(`/learn/enrolments/${result.ok.enrolmentId}?done=renewalOpened#assessment`, 303);
  });
}

/**
 * The learner space (learners only; others see a 403 page, visitors the sign-in page):
 * /learn (my enrolments), /learn/catalogue, /learn/enrolments/<id> (progress, modules,
 * webinars, assessment), /learn/badges (downloads, sharing, renewal). Every change is a
 * POST with the CSRF field, answered by a 303 to the page that shows its result.
 */
export function learnPages(): Hono<AppEnv> {
  const pages = new Hono<AppEnv>();
  pages.use('*', pageHeaders);

  pages.get('/', async (c) => {
    const lc = await learnerContext(c);
    if (lc instanceof Response) return lc;
    return renderPage(c, <EnrolmentsPage lc={lc} enrolments={await loadEnrolments(c, lc)} notice={doneNotice(lc.ctx, c.req.query('done'))} />);
  });

  pages.get('/catalogue', async (c) => {
    const lc = await learnerContext(c);
    if (lc instanceof Response) return lc;
    return renderPage(c, <CataloguePage lc={lc} data={await loadCatalogue(c, lc)} />);
  });

  pages.post(
    '/cohorts/:cohortId/enrolment',
    bodyLimit({ maxSize: MAX_CREDENTIAL_BYTES + 64 * 1024, onError: (c) => c.text('Payload too large', 413) }),
    async (c) => {
      const form = await learnerForm(c);
      if (form instanceof Response) return form;
      const { lc, body } = form;
      const cohortId = c.req.param('cohortId');
      if (!isId(cohortId)) return notFound(c, lc.ctx);
      const data = await loadCatalogue(c, lc);
      const entry = data.entries.find((e) => e.cohorts.some((cohort) => cohort.id === cohortId));
      const fileField = entry?.entry.prerequisite && !entry.prerequisiteHeld ? `file-${cohortId}` : `enrol-${cohortId}`;
      const refuse = (message: string, status: 400 | 403 | 404 | 409 | 413 | 422 | 429) =>
        renderPage(c, <CataloguePage lc={lc} data={data} errors={[{ field: fieldFor(status, fileField, cohortId), message }]} />, status);
      const uploaded = await readPrerequisite(body.prerequisite);
      if (uploaded && 'error' in uploaded) return refuse(lc.ctx.m.pages.learn.errors.prerequisiteFile, uploaded.error === 'tooBig' ? 413 : 400);
      const result = await attempt(() => requestEnrolment(c.get('deps'), { cohortId, principal: lc.person, prerequisiteCredential: uploaded?.value }));
      if ('refused' in result) {
        if (result.refused.code === 'enrolments.cohort_not_found') return notFound(c, lc.ctx);
        return refuse(refusalMessage(lc.ctx, result.refused), refusalStatus(result.refused));
      }
      return c.redirect(`/learn/enrolments/${result.ok.id}?done=requested`, 303);
    },
  );

  learnerEnrolmentRoutes(pages);
  learnerAttemptRoutes(pages);
  learnerBadgeRoutes(pages);
  return pages;
}

/** Prerequisite problems point at the file field (when shown); anything else at the cohort's button. */
function fieldFor(status: number, fileField: string, cohortId: string): string {
  return status === 422 || status === 400 || status === 413 ? fileField : `enrol-${cohortId}`;
}
