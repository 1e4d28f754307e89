import { eventually, type Api, ApiError } from './api-client.ts';
import { castPeople, signIn, waitForEmail, type Cast } from './people.ts';

export interface DemoResult {
  expertRefusal: { status: number; code?: string; detail?: string };
  basic: { credentialId: string; verifyUrl: string; credentialUrl: string };
  expert: { credentialId: string; verifyUrl: string; credentialUrl: string };
}

type Log = (line: string) => void;

const day = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

/** Starts and completes every module of the enrolment's programme, as the learner's client would. */
async function followModules(api: Api, token: string, enrolmentId: string): Promise<number> {
  const progress = await api.call('GET', `/api/v1/enrolments/${enrolmentId}/progress`, { token });
  for (const module of progress.modules.items as Array<{ moduleId: string }>) {
    await api.call('POST', `/api/v1/enrolments/${enrolmentId}/modules/${module.moduleId}/start`, { token });
    await api.call('POST', `/api/v1/enrolments/${enrolmentId}/modules/${module.moduleId}/complete`, { token, body: { secondsSpent: 7200 } });
  }
  return progress.modules.items.length;
}

/**
 * Takes the certifying assessment with right answers. The demo reads the answer key
 * with the admin's token (a person would study); open answers are marked by the assessor.
 */
async function passAssessment(api: Api, cast: Cast, tokens: { learner: string; assessor: () => Promise<string> }, enrolmentId: string): Promise<void> {
  const attempt = await api.call('POST', `/api/v1/enrolments/${enrolmentId}/attempts`, { token: tokens.learner, body: {} });
  const assessment = await api.call('GET', `/api/v1/assessments/${attempt.assessmentId}`, { token: cast.admin });
  const key = new Map<string, { type: string; correctOptionIds: string[]; points: number }>(assessment.questions.map((q: any) => [q.id, q]));
  const answers = (attempt.questions as Array<{ id: string; type: string }>).map((q) =>
    q.type === 'open'
      ? { questionId: q.id, text: 'I listen first, then show the citizen each step on their own device and let them do it themselves.' }
      : { questionId: q.id, optionIds: key.get(q.id)!.correctOptionIds },
  );
  await api.call('POST', `/api/v1/enrolments/${enrolmentId}/attempts/${attempt.id}/submission`, { token: tokens.learner, body: { answers } });
  const marked = await eventually('the marking worker', async () => {
    const current = await api.call('GET', `/api/v1/enrolments/${enrolmentId}/attempts/${attempt.id}`, { token: tokens.learner });
    return current.status === 'submitted' ? undefined : current;
  });
  if (marked.status === 'awaiting_assessor') {
    const assessor = await tokens.assessor();
    const open = (attempt.questions as Array<{ id: string; type: string }>).filter((q) => q.type === 'open');
    await api.call('POST', `/api/v1/attempts/${attempt.id}/open-marks`, { token: assessor, body: { marks: open.map((q) => ({ questionId: q.id, points: key.get(q.id)!.points, comment: 'Clear and respectful.' })) } });
  }
}

/** Waits for the badge of a programme in the learner's wallet, then shares it. */
async function collectBadge(api: Api, token: string, programmeCode: string): Promise<{ credentialId: string; verifyUrl: string; credentialUrl: string }> {
  const badge = await eventually(`the ${programmeCode} badge`, async () => {
    const { credentials } = await api.call('GET', '/api/v1/me/credentials', { token });
    return (credentials as Array<{ id: string; achievement: { id: string | null } }>).find((c) => c.achievement.id?.endsWith(`/achievements/${programmeCode}`));
  });
  await api.call('PATCH', `/api/v1/me/credentials/${badge.id}`, { token, body: { shared: true } });
  return { credentialId: badge.id, verifyUrl: `${api.baseUrl}/verify/${badge.id}`, credentialUrl: `${api.baseUrl}/credentials/${badge.id}` };
}

/** The facilitator runs the three webinars of the expert cohort; the learner books and attends them. */
async function attendWebinars(api: Api, tokens: { learner: string; facilitator: string }, cohortId: string, log: Log) {
  const startsAt = new Date(Date.now() + 6_000);
  const sessions = [];
  for (const topic of [1, 2, 3]) {
    sessions.push(await api.call('POST', `/api/v1/cohorts/${cohortId}/webinar-sessions`, {
      token: tokens.facilitator,
      body: { topic, title: `Webinaire ${topic}`, language: 'fr', startsAt: startsAt.toISOString(), durationMinutes: 60, capacity: 8 },
    }));
  }
  const bookings = [];
  for (const session of sessions) bookings.push(await api.call('POST', `/api/v1/webinar-sessions/${session.id}/bookings`, { token: tokens.learner }));
  log('  waiting for the webinars to start (a few seconds)…');
  await new Promise((r) => setTimeout(r, Math.max(0, startsAt.getTime() - Date.now() + 500)));
  for (const [i, session] of sessions.entries()) {
    await api.call('PUT', `/api/v1/webinar-sessions/${session.id}/attendance`, { token: tokens.facilitator, body: { attendance: [{ bookingId: bookings[i].id, attended: true }] } });
  }
}

/**
 * The whole programme through the HTTP API only: an admin sets up an organisation and two
 * cohorts; a learner is refused the expert level, certifies basic, then expert; both badges
 * are shared and their verification links returned.
 */
export async function runDemo(api: Api, options: { adminEmail: string; log?: Log }): Promise<DemoResult> {
  const log = options.log ?? (() => undefined);
  const tag = Date.now().toString(36);
  const cast = await castPeople(api, options.adminEmail, tag);
  log(`1. Admin signed in; organisation and people created (learner ${cast.people.learner.email}).`);
  const basicCohort = await api.call('POST', '/api/v1/cohorts', { token: cast.admin, body: { programmeCode: 'connectoo-basic', startsOn: day(0), endsOn: day(60), capacity: 50, organisationId: cast.organisationId } });
  const expertCohort = await api.call('POST', '/api/v1/cohorts', { token: cast.admin, body: { programmeCode: 'connectoo-expert', startsOn: day(0), capacity: 12, organisationId: cast.organisationId, facilitatorIds: [cast.people.facilitator.id] } });
  log(`2. Cohorts opened: basic ${basicCohort.id}, expert ${expertCohort.id} (ends ${expertCohort.endsOn}).`);
  const learner = await signIn(api, cast.people.learner.email);
  const manager = await signIn(api, cast.people.manager.email);
  let expertRefusal: DemoResult['expertRefusal'];
  try {
    await api.call('POST', `/api/v1/cohorts/${expertCohort.id}/enrolments`, { token: learner, body: {} });
    throw new Error('The expert enrolment was accepted without a basic credential');
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    expertRefusal = { status: error.status, code: error.problem.code, detail: error.problem.detail };
  }
  log(`3. Expert enrolment refused without the basic badge: ${expertRefusal.status} ${expertRefusal.code}.`);
  const basicEnrolment = await api.call('POST', `/api/v1/cohorts/${basicCohort.id}/enrolments`, { token: learner, body: {} });
  await api.call('POST', `/api/v1/enrolments/${basicEnrolment.id}/decision`, { token: manager, body: { decision: 'approve' } });
  log(`4. Basic enrolment approved by the manager; ${await followModules(api, learner, basicEnrolment.id)} modules completed.`);
  const assessor = () => signIn(api, cast.people.assessor.email);
  await passAssessment(api, cast, { learner, assessor }, basicEnrolment.id);
  const basic = await collectBadge(api, learner, 'connectoo-basic');
  await waitForEmail(api, cast.people.learner.email, new RegExp(basic.credentialId));
  log(`5. Basic badge issued, emailed and shared: ${basic.verifyUrl}`);
  const expertEnrolment = await api.call('POST', `/api/v1/cohorts/${expertCohort.id}/enrolments`, { token: learner, body: {} });
  await api.call('POST', `/api/v1/enrolments/${expertEnrolment.id}/decision`, { token: manager, body: { decision: 'approve' } });
  log(`6. Expert enrolment accepted (the basic badge verifies now) and approved; ${await followModules(api, learner, expertEnrolment.id)} modules completed.`);
  const facilitator = await signIn(api, cast.people.facilitator.email);
  await attendWebinars(api, { learner, facilitator }, expertCohort.id, log);
  log('7. Three webinars attended.');
  await passAssessment(api, cast, { learner, assessor }, expertEnrolment.id);
  const expert = await collectBadge(api, learner, 'connectoo-expert');
  log(`8. Expert badge issued and shared: ${expert.verifyUrl}`);
  return { expertRefusal, basic, expert };
}
