import { afterAll, describe, expect, it } from 'vitest';
import { startSmtpSink } from '../../services/email/smtp-sink.ts';
import { startWorkers } from '../../workers/main.ts';
import { dispatchOutbox } from '../../services/shared/outbox.ts';
import { webinarRemindersJob } from '../../workers/learning/webinar-reminders.job.ts';
import { createTestDeps } from '../helpers/deps.ts';
import { buildCohort, buildEnrolment, buildPerson, buildProgramme, buildWebinarSession } from '../helpers/factories.ts';

const sink = await startSmtpSink();
afterAll(() => sink.close());
// A clock the test moves forward, so a later session enters its 24-hour window.
let offsetMs = 0;
const deps = createTestDeps({ config: { SMTP_URL: sink.url }, clock: { now: () => new Date(Date.now() + offsetMs) } });
const HOUR = 3_600_000;
const { version } = await buildProgramme(deps.db, { version: { requiredWebinars: 3 } });
const cohort = await buildCohort(deps.db, { programmeVersionId: version.id });

async function bookedLearner(sessionId: string, options: { locale?: 'fr' | 'nl' | 'de' | 'en'; cancelled?: boolean } = {}) {
  const learner = await buildPerson(deps.db, { locale: options.locale ?? 'fr' });
  const enrolment = await buildEnrolment(deps.db, { cohortId: cohort.id, personId: learner.id, status: 'active' });
  await deps.db
    .insertInto('webinar_bookings')
    .values({ session_id: sessionId, enrolment_id: enrolment.id, cancelled_at: options.cancelled ? new Date() : null })
    .execute();
  return learner;
}

async function remindersTo(personIds: string[]) {
  return deps.db.selectFrom('emails').select(['person_id', 'locale', 'status', 'data']).where('template', '=', 'webinar-reminder').where('person_id', 'in', personIds).execute();
}

describe('the webinar reminders job', () => {
  it('reminds each live booking once, 24 hours ahead, however often it runs; never a cancelled booking', async () => {
    const soon = await buildWebinarSession(deps.db, { cohortId: cohort.id, title: 'MyMinfin pas à pas', startsAt: new Date(Date.now() + 3 * HOUR) });
    const later = await buildWebinarSession(deps.db, { cohortId: cohort.id, topic: 2, startsAt: new Date(Date.now() + 30 * HOUR) });
    const started = await buildWebinarSession(deps.db, { cohortId: cohort.id, topic: 3, startsAt: new Date(Date.now() - HOUR) });
    const booked = await bookedLearner(soon.id, { locale: 'nl' });
    const cancelled = await bookedLearner(soon.id, { cancelled: true });
    const waiting = await bookedLearner(later.id);
    const tooLate = await bookedLearner(started.id);
    const everyone = [booked.id, cancelled.id, waiting.id, tooLate.id];

    const runs = await Promise.all([webinarRemindersJob.process(deps, {}), webinarRemindersJob.process(deps, {}), webinarRemindersJob.process(deps, {})]);
    const again = await webinarRemindersJob.process(deps, {});
    expect([...runs, again].reduce((sum, r) => sum + r.reminded, 0)).toBe(1);
    expect(await remindersTo(everyone)).toEqual([
      { person_id: booked.id, locale: 'nl', status: 'queued', data: expect.objectContaining({ webinarTitle: 'MyMinfin pas à pas', startsAt: soon.starts_at.toISOString() }) },
    ]);

    // Through the real email worker to the SMTP server: one message. (The processor is called
    // directly here; a worker dispatches the outbox after every job, so do the same.)
    await dispatchOutbox(deps.db, deps.queues);
    const running = await startWorkers(deps, ['email']);
    try {
      const received = await sink.waitFor((m) => m.to.includes(booked.email));
      expect(received.subject).toContain('MyMinfin pas à pas');
      expect(received.language).toBe('nl');
      await expect.poll(async () => (await remindersTo([booked.id]))[0]!.status).toBe('sent');
      await webinarRemindersJob.process(deps, {});
      expect(sink.messages().filter((m) => m.to.includes(booked.email))).toHaveLength(1);
    } finally {
      await running.close();
    }

    // Seven hours on, the later session is within 24 hours: its booking is reminded, the others are not again.
    offsetMs = 7 * HOUR;
    try {
      expect((await webinarRemindersJob.process(deps, {})).reminded).toBe(1);
      expect((await remindersTo(everyone)).map((e) => e.person_id).sort()).toEqual([booked.id, waiting.id].sort());
    } finally {
      offsetMs = 0;
    }
  });

  it('does not remind a learner whose enrolment has ended', async () => {
    const soon = await buildWebinarSession(deps.db, { cohortId: cohort.id, startsAt: new Date(Date.now() + 5 * HOUR) });
    const withdrawn = await bookedLearner(soon.id);
    await deps.db.updateTable('enrolments').set({ status: 'withdrawn' }).where('person_id', '=', withdrawn.id).execute();
    await webinarRemindersJob.process(deps, {});
    expect(await remindersTo([withdrawn.id])).toEqual([]);
  });

  it('is scheduled in the maintenance worker, which queues the reminder that the email worker delivers', async () => {
    const session = await buildWebinarSession(deps.db, { cohortId: cohort.id, title: 'eBox et documents officiels', startsAt: new Date(Date.now() + 2 * HOUR) });
    const learner = await bookedLearner(session.id);
    const running = await startWorkers(deps, ['maintenance', 'email']);
    try {
      expect(await deps.queues.maintenance.getJobScheduler('webinar-reminders')).toMatchObject({ name: 'maintenance.webinar-reminders', every: 300_000 });
      const received = await sink.waitFor((m) => m.to.includes(learner.email), 20_000);
      expect(received.subject).toContain('eBox et documents officiels');
    } finally {
      await running.close();
    }
  }, 30_000);
});
