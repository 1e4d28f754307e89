import { describe, expect, it } from 'vitest';
import { addDays, todayInBrussels } from '../../services/cohorts/cohort-dates.ts';
import { learningProgress } from '../../services/learning/progress.ts';
import { cohortCounts, cohortProgressReport, enrolmentCounts, learnersAtRisk, organisationReport } from '../../services/reports/reports.usecases.ts';
import { createTestDeps } from '../helpers/deps.ts';
import { buildCohort, buildEnrolment, buildOrganisation, buildPerson, buildProgramme, buildWebinarSession } from '../helpers/factories.ts';

const deps = createTestDeps();
const today = todayInBrussels(new Date());

async function complete(enrolmentId: string, moduleIds: string[]) {
  if (!moduleIds.length) return;
  await deps.db
    .insertInto('module_progress')
    .values(moduleIds.map((module_id) => ({ enrolment_id: enrolmentId, module_id, started_at: new Date(Date.now() - 3_600_000), completed_at: new Date(Date.now() - 60_000), source: 'learner' as const })))
    .execute();
}

async function attend(sessionId: string, enrolmentId: string) {
  await deps.db.insertInto('webinar_bookings').values({ session_id: sessionId, enrolment_id: enrolmentId, attended: true }).execute();
}

describe('reports', () => {
  it('counts each learner\'s progress in bulk exactly as learningProgress does', async () => {
    const { version } = await buildProgramme(deps.db, { version: { moduleCount: 3, requiredWebinars: 2 } });
    const cohort = await buildCohort(deps.db, { programmeVersionId: version.id, startsOn: addDays(today, -20), endsOn: addDays(today, 10) });
    const modules = (await deps.db.selectFrom('programme_modules').select('id').where('programme_version_id', '=', version.id).orderBy('position').execute()).map((m) => m.id);
    const a = await buildEnrolment(deps.db, { cohortId: cohort.id, status: 'active' });
    const b = await buildEnrolment(deps.db, { cohortId: cohort.id, status: 'completed' });
    await buildEnrolment(deps.db, { cohortId: cohort.id, status: 'requested' });
    await complete(a.id, modules.slice(0, 1));
    await complete(b.id, modules);
    const topic1 = await buildWebinarSession(deps.db, { cohortId: cohort.id, topic: 1, startsAt: new Date(Date.now() - 86_400_000) });
    const topic1again = await buildWebinarSession(deps.db, { cohortId: cohort.id, topic: 1, startsAt: new Date(Date.now() - 3_600_000) });
    const topic2 = await buildWebinarSession(deps.db, { cohortId: cohort.id, topic: 2, startsAt: new Date(Date.now() - 7_200_000) });
    await attend(topic1.id, b.id);
    await attend(topic1again.id, b.id);
    await attend(topic2.id, b.id);
    await attend(topic1.id, a.id);

    const report = await cohortProgressReport(deps, cohort.id);
    for (const learner of report.learners) {
      const progress = await learningProgress(deps.db, learner.enrolmentId);
      expect(learner.modules).toEqual({ completed: progress.modulesCompleted, required: progress.modulesRequired });
      expect(learner.webinars).toEqual({ attended: progress.webinarsAttended, required: progress.webinarsRequired });
    }
    const byId = new Map(report.learners.map((l) => [l.enrolmentId, l]));
    expect(byId.get(b.id)).toMatchObject({ modules: { completed: 3, required: 3 }, webinars: { attended: 2, required: 2 }, atRisk: false });
    expect(byId.get(a.id)).toMatchObject({ modules: { completed: 1 }, webinars: { attended: 1 }, atRisk: true, daysLeft: 10 });
    expect(report.counts).toMatchObject({ requested: 1, admitted: 2, started: 2, completed: 1, completionRate: 0.5, responseRate: 1 });
    expect((await cohortCounts(deps, [cohort.id])).get(cohort.id)).toEqual(report.counts);

    const atRisk = await learnersAtRisk(deps);
    expect(atRisk.filter((l) => l.cohortId === cohort.id)).toEqual([expect.objectContaining({ enrolmentId: a.id, modulesLeft: 2, webinarsLeft: 1, daysLeft: 10 })]);
  });

  it('leaves out of the at-risk list learners whose cohort ends later, has ended, or who are done', async () => {
    const { version } = await buildProgramme(deps.db, { version: { moduleCount: 1 } });
    const later = await buildCohort(deps.db, { programmeVersionId: version.id, startsOn: addDays(today, -5), endsOn: addDays(today, 30) });
    const ended = await buildCohort(deps.db, { programmeVersionId: version.id, startsOn: addDays(today, -30), endsOn: addDays(today, -1) });
    const ids = [(await buildEnrolment(deps.db, { cohortId: later.id, status: 'active' })).id, (await buildEnrolment(deps.db, { cohortId: ended.id, status: 'active' })).id];
    const found = (await learnersAtRisk(deps)).map((l) => l.enrolmentId);
    for (const id of ids) expect(found).not.toContain(id);
  });

  it('consolidates results per organisation of the learners, for one programme or all', async () => {
    const { programme, version } = await buildProgramme(deps.db);
    const cohort = await buildCohort(deps.db, { programmeVersionId: version.id });
    const namur = await buildOrganisation(deps.db, { name: 'Namur' });
    const liege = await buildOrganisation(deps.db, { name: 'Liège' });
    for (const [org, status] of [[namur, 'certified'], [namur, 'active'], [namur, 'rejected'], [liege, 'completed']] as const) {
      await buildEnrolment(deps.db, { cohortId: cohort.id, personId: (await buildPerson(deps.db, { organisationId: org.id })).id, status });
    }
    const report = await organisationReport(deps, { programmeCode: programme.code });
    expect(report.map((r) => r.organisation.name)).toEqual(['Namur', 'Liège']);
    expect(report[0]!.counts).toMatchObject({ admitted: 2, started: 2, completed: 1, certified: 1, completionRate: 0.5 });
    expect(report[1]!.counts).toMatchObject({ admitted: 1, completed: 1, completionRate: 1 });
  });

  it('has no rate when nobody was let in', () => {
    expect(enrolmentCounts({ requested: 2, rejected: 1 })).toMatchObject({ admitted: 0, completionRate: null, responseRate: null, requested: 2 });
  });
});
