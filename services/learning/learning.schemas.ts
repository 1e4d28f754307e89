import { z } from 'zod';
import { MAX_SECONDS_SPENT } from './xapi.ts';

export const enrolmentParams = z.strictObject({ enrolmentId: z.uuid() });
export const enrolmentModuleParams = z.strictObject({ enrolmentId: z.uuid(), moduleId: z.uuid() });

export const completeModuleBody = z.strictObject({
  /** Time the learner spent on the module, in seconds (at most a week). */
  secondsSpent: z.number().int().min(0).max(MAX_SECONDS_SPENT),
});

// Response shapes, for the OpenAPI document.
const localizedOut = z.object({ fr: z.string(), nl: z.string(), de: z.string(), en: z.string() });

export const moduleProgressSchema = z.object({
  moduleId: z.uuid(),
  code: z.string(),
  state: z.enum(['started', 'completed']),
  startedAt: z.iso.datetime(),
  completedAt: z.iso.datetime().nullable(),
  secondsSpent: z.number().int(),
  source: z.string(),
  alreadyCompleted: z.boolean().optional(),
});

export const progressSchema = z.object({
  enrolmentId: z.uuid(),
  status: z.string(),
  programmeCode: z.string(),
  cohort: z.object({ id: z.uuid(), startsOn: z.iso.date(), endsOn: z.iso.date() }),
  deadline: z.iso.date(),
  daysLeft: z.number().int(),
  modules: z.object({
    required: z.number().int(),
    completed: z.number().int(),
    left: z.array(z.object({ moduleId: z.uuid(), code: z.string() })),
    items: z.array(
      z.object({
        moduleId: z.uuid(),
        code: z.string(),
        title: localizedOut,
        durationMinutes: z.number().int(),
        state: z.enum(['not_started', 'started', 'completed']),
        startedAt: z.iso.datetime().nullable(),
        completedAt: z.iso.datetime().nullable(),
        secondsSpent: z.number().int(),
      }),
    ),
  }),
  webinars: z.object({
    required: z.number().int(),
    attended: z.number().int(),
    attendedTopics: z.array(z.object({ sessionId: z.uuid(), topic: z.number().int(), title: z.string(), attendedOn: z.iso.date() })),
    topicsLeft: z.array(z.number().int()),
    upcomingBookings: z.array(z.object({ bookingId: z.uuid(), sessionId: z.uuid(), topic: z.number().int(), title: z.string(), startsAt: z.iso.datetime() })),
  }),
  timeSpentSeconds: z.number().int(),
  learningComplete: z.boolean(),
});

export const statementIdsSchema = z.array(z.uuid());
