import { todayInBrussels } from '../cohorts/cohort-dates.ts';
import type { LocalizedText } from '../db/schema/programmes.ts';
import type { EnrolmentContext } from './enrolment-context.ts';
import type { ModuleProgressRow } from './learning.repository.ts';
import type { AttendedWebinar } from './progress.ts';

const DAY_MS = 86_400_000;

/** One module's progress for its learner. */
export function moduleProgressView(module: { id: string; code: string }, row: ModuleProgressRow) {
  return {
    moduleId: module.id,
    code: module.code,
    state: row.completed_at ? ('completed' as const) : ('started' as const),
    startedAt: row.started_at.toISOString(),
    completedAt: row.completed_at?.toISOString() ?? null,
    secondsSpent: row.seconds_spent,
    source: row.source,
  };
}

interface ModuleWithProgress {
  id: string;
  code: string;
  title: LocalizedText;
  duration_minutes: number;
  started_at: Date | null;
  completed_at: Date | null;
  seconds_spent: number | null;
}

interface UpcomingBooking {
  id: string;
  session_id: string;
  topic: number;
  title: string;
  starts_at: Date;
}

function moduleItem(m: ModuleWithProgress) {
  return {
    moduleId: m.id,
    code: m.code,
    title: m.title,
    durationMinutes: m.duration_minutes,
    state: m.completed_at ? 'completed' : m.started_at ? 'started' : 'not_started',
    startedAt: m.started_at?.toISOString() ?? null,
    completedAt: m.completed_at?.toISOString() ?? null,
    secondsSpent: m.seconds_spent ?? 0,
  };
}

/** Per requirement: what is required, done and left, with the cohort's deadline (its last day, Brussels time). */
export function progressView(input: { enrolment: EnrolmentContext; modules: ModuleWithProgress[]; attended: AttendedWebinar[]; upcoming: UpcomingBooking[]; now: Date }) {
  const { enrolment, modules, attended, upcoming } = input;
  const items = modules.map(moduleItem);
  const attendedTopics = new Set(attended.map((w) => w.topic));
  const topicsLeft = Array.from({ length: enrolment.required_webinars }, (_, i) => i + 1).filter((t) => !attendedTopics.has(t));
  const modulesLeft = items.filter((m) => m.state !== 'completed');
  // Calendar days, both in Brussels: the deadline day itself still counts.
  const daysLeft = Math.max(0, (Date.parse(enrolment.ends_on) - Date.parse(todayInBrussels(input.now))) / DAY_MS);
  return {
    enrolmentId: enrolment.id,
    status: enrolment.status,
    programmeCode: enrolment.programme_code,
    cohort: { id: enrolment.cohort_id, startsOn: enrolment.starts_on, endsOn: enrolment.ends_on },
    deadline: enrolment.ends_on,
    daysLeft,
    modules: {
      required: items.length,
      completed: items.length - modulesLeft.length,
      left: modulesLeft.map((m) => ({ moduleId: m.moduleId, code: m.code })),
      items,
    },
    webinars: {
      required: enrolment.required_webinars,
      attended: attended.length,
      attendedTopics: attended,
      topicsLeft,
      upcomingBookings: upcoming.map((b) => ({ bookingId: b.id, sessionId: b.session_id, topic: b.topic, title: b.title, startsAt: b.starts_at.toISOString() })),
    },
    timeSpentSeconds: items.reduce((sum, m) => sum + m.secondsSpent, 0),
    // The assessment is the last requirement; it is tracked by the assessments module.
    learningComplete: modulesLeft.length === 0 && topicsLeft.length === 0,
  };
}
