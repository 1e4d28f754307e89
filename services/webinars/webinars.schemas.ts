import { z } from 'zod';

/** Small groups: the most learners one webinar session takes. */
export const MAX_WEBINAR_CAPACITY = 12;

export const cohortParams = z.strictObject({ cohortId: z.uuid() });
export const sessionParams = z.strictObject({ sessionId: z.uuid() });
export const bookingParams = z.strictObject({ bookingId: z.uuid() });

export const createSessionBody = z.strictObject({
  /** Which of the programme's required webinars this session gives (1..N): 3 distinct topics make 3 webinars. */
  topic: z.number().int().min(1).max(20),
  title: z.string().trim().min(1).max(200),
  /** The language the session is held in. */
  language: z.enum(['fr', 'nl', 'de', 'en']),
  startsAt: z.iso.datetime({ offset: true }),
  durationMinutes: z.number().int().min(15).max(480).default(90),
  capacity: z.number().int().min(1).max(MAX_WEBINAR_CAPACITY),
  /** Defaults to the caller when the caller is a facilitator. */
  facilitatorId: z.uuid().optional(),
  joinUrl: z.url({ protocol: /^https$/ }).max(2000).optional(),
});

export type CreateSessionInput = z.infer<typeof createSessionBody>;

export const attendanceBody = z
  .strictObject({
    attendance: z.array(z.strictObject({ bookingId: z.uuid(), attended: z.boolean() })).min(1).max(100),
  })
  .superRefine((value, ctx) => {
    const seen = new Set<string>();
    value.attendance.forEach((a, i) => {
      if (seen.has(a.bookingId)) ctx.addIssue({ code: 'custom', path: ['attendance', i, 'bookingId'], message: 'This booking appears twice' });
      seen.add(a.bookingId);
    });
  });

// Response shapes, for the OpenAPI document.
const bookingSchema = z.object({
  id: z.uuid(),
  sessionId: z.uuid(),
  enrolmentId: z.uuid(),
  bookedAt: z.iso.datetime(),
  cancelledAt: z.iso.datetime().nullable(),
  attended: z.boolean().nullable(),
});

export const sessionSchema = z.object({
  id: z.uuid(),
  cohortId: z.uuid(),
  topic: z.number().int(),
  title: z.string(),
  language: z.enum(['fr', 'nl', 'de', 'en']),
  startsAt: z.iso.datetime(),
  durationMinutes: z.number().int(),
  capacity: z.number().int(),
  seatsTaken: z.number().int(),
  seatsLeft: z.number().int(),
  facilitator: z.object({ id: z.uuid(), displayName: z.string() }),
  joinUrl: z.string().nullable(),
  myBooking: bookingSchema.nullable().optional(),
});

export const sessionListSchema = z.object({ sessions: z.array(sessionSchema) });
export { bookingSchema };
export const rosterSchema = z.object({
  session: sessionSchema,
  bookings: z.array(bookingSchema.extend({ learner: z.object({ id: z.uuid(), displayName: z.string() }) })),
});
