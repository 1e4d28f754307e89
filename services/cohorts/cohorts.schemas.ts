import { z } from 'zod';
import { programmeCode } from '../programmes/programmes.schemas.ts';

const facilitatorIds = z.array(z.uuid()).max(50);

export const createCohortBody = z
  .strictObject({
    programmeCode: programmeCode.optional(),
    programmeVersionId: z.uuid().optional(),
    startsOn: z.iso.date(),
    endsOn: z.iso.date().optional(),
    capacity: z.number().int().min(1).max(10_000),
    organisationId: z.uuid().nullable().optional(),
    facilitatorIds: facilitatorIds.default([]),
  })
  .superRefine((value, ctx) => {
    if ((value.programmeCode === undefined) === (value.programmeVersionId === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['programmeCode'], message: 'Give exactly one of programmeCode and programmeVersionId' });
    }
  });

export type CreateCohortInput = z.infer<typeof createCohortBody>;

export const updateCohortBody = z
  .strictObject({ capacity: z.number().int().min(1).max(10_000).optional(), facilitatorIds: facilitatorIds.optional() })
  .refine((v) => v.capacity !== undefined || v.facilitatorIds !== undefined, { message: 'Give capacity or facilitatorIds' });

export const cohortParams = z.strictObject({ cohortId: z.uuid() });

export const listCohortsQuery = z.strictObject({
  programme: programmeCode.optional(),
  organisation: z.uuid().optional(),
  upcoming: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
});

const cohortSchema = z.object({
  id: z.uuid(),
  programme: z.object({ code: z.string(), versionId: z.uuid(), version: z.number().int(), level: z.enum(['basic', 'expert']) }),
  startsOn: z.iso.date(),
  endsOn: z.iso.date(),
  capacity: z.number().int(),
  seatsTaken: z.number().int(),
  seatsLeft: z.number().int(),
  organisationId: z.uuid().nullable(),
  facilitators: z.array(z.object({ id: z.uuid(), displayName: z.string() })),
  createdAt: z.iso.datetime(),
});

const localizedOut = z.object({ fr: z.string(), nl: z.string(), de: z.string(), en: z.string() });

export const cohortDetailSchema = cohortSchema.extend({
  requirements: z.object({
    modules: z.array(z.object({ id: z.uuid(), position: z.number().int(), code: z.string(), title: localizedOut, durationMinutes: z.number().int() })),
    requiredWebinars: z.number().int(),
    fixedDurationWeeks: z.number().int().nullable(),
    prerequisiteProgrammeCode: z.string().nullable(),
    validityMonths: z.number().int(),
    assessment: z.object({ passMarkPercent: z.number().int(), maxAttempts: z.number().int() }),
  }),
});

export const cohortListSchema = z.object({ cohorts: z.array(cohortSchema) });
