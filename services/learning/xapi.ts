/**
 * The part of xAPI 1.0.3 Brevet accepts from an LMS: "completed" statements
 * about a Brevet module by a known learner. The module is the statement's
 * object, identified by the IRI `<public base URL>/modules/<module id>`
 * (the id listed in the cohort's requirements); the learner is the actor's
 * `mbox` (`mailto:<email>`); `result.duration` (ISO 8601, PT2H) is the time spent.
 */
import { z } from 'zod';

export const XAPI_VERSION = '1.0.3';
export const COMPLETED_VERB = 'http://adlnet.gov/expapi/verbs/completed';
/** Longest time counted for one module (a week), as the progress table allows. */
export const MAX_SECONDS_SPENT = 604_800;

// xAPI statements carry much more (context, authority, attachments...): unknown fields are allowed and ignored.
const agent = z.looseObject({ objectType: z.enum(['Agent', 'Group']).optional(), mbox: z.string().max(320).optional() });
const durationPattern = /^P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

export const xapiStatement = z.looseObject({
  id: z.uuid().optional(),
  actor: agent,
  verb: z.looseObject({ id: z.string().min(1).max(2000) }),
  object: z.looseObject({ objectType: z.string().optional(), id: z.string().min(1).max(2000) }),
  result: z
    .looseObject({
      duration: z
        .string()
        .regex(durationPattern, 'An ISO 8601 duration such as PT2H or PT1H30M')
        .refine((d) => d !== 'P' && !d.endsWith('T'), 'An ISO 8601 duration such as PT2H or PT1H30M')
        .optional(),
    })
    .optional(),
  timestamp: z.iso.datetime({ offset: true }).optional(),
});

export type XapiStatement = z.infer<typeof xapiStatement>;

/** One statement or a batch of them, as POST /statements takes them. */
export const xapiStatementsBody = z.union([xapiStatement, z.array(xapiStatement).min(1).max(100)]);

/** Seconds in an ISO 8601 duration of days, hours, minutes and seconds (what xAPI results use), capped at a week. */
export function durationSeconds(duration: string | undefined): number {
  if (!duration) return 0;
  const match = durationPattern.exec(duration);
  if (!match) return 0;
  const [d, h, m, s] = match.slice(1).map((v) => Number(v ?? 0));
  return Math.min(MAX_SECONDS_SPENT, Math.round(d! * 86_400 + h! * 3_600 + m! * 60 + s!));
}

/** The email address of a `mailto:` mbox, lower-cased, or null. */
export function mboxEmail(mbox: string | undefined): string | null {
  const match = mbox ? /^mailto:([^@\s]+@[^@\s]+)$/i.exec(mbox.trim()) : null;
  return match ? match[1]!.toLowerCase() : null;
}

/** The IRI an LMS uses for a module. */
export function moduleIri(baseUrl: string, moduleId: string): string {
  return `${baseUrl}/modules/${moduleId}`;
}

/** The module id of a module IRI of this service, or null for anything else. */
export function moduleIdFromIri(baseUrl: string, iri: string): string | null {
  const prefix = `${baseUrl}/modules/`;
  if (!iri.startsWith(prefix)) return null;
  const id = iri.slice(prefix.length);
  return z.uuid().safeParse(id).success ? id.toLowerCase() : null;
}
