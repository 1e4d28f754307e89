import { z } from 'zod';
import { ROLES, type Role } from '../db/schema/foundation.ts';

export const locale = z.enum(['fr', 'nl', 'de', 'en']);
export const role = z.enum(ROLES as [Role, ...Role[]]);
const email = z.email().max(320);
const displayName = z.string().trim().min(1).max(200);

export const signInLinkRequest = z.object({ email, locale: locale.optional() }).strict();
export const sessionRequest = z.object({ token: z.string().min(16).max(200) }).strict();

export const organisationInput = z
  .object({ name: z.string().trim().min(2).max(200), kind: z.enum(['municipality', 'federal_service', 'regional_service', 'other']) })
  .strict();

export const personInput = z
  .object({
    email,
    displayName,
    locale: locale.default('fr'),
    organisationId: z.uuid().nullable().default(null),
    managerId: z.uuid().nullable().default(null),
    roles: z.array(role).min(1).default(['learner']),
  })
  .strict();

export const personPatch = z
  .object({
    displayName: displayName.optional(),
    locale: locale.optional(),
    organisationId: z.uuid().nullable().optional(),
    managerId: z.uuid().nullable().optional(),
    roles: z.array(role).min(1).optional(),
  })
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, { message: 'Send at least one field to change' });

export const peopleQuery = z
  .object({
    organisation: z.uuid().optional(),
    role: role.optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
    offset: z.coerce.number().int().min(0).default(0),
  })
  .strict();

export const idParams = z.object({ id: z.uuid() }).strict();

export const personView = z.object({
  id: z.uuid(),
  email: z.string(),
  displayName: z.string(),
  locale,
  organisationId: z.uuid().nullable(),
  managerId: z.uuid().nullable(),
  roles: z.array(role),
  createdAt: z.string(),
});

export const organisationView = z.object({ id: z.uuid(), name: z.string(), kind: z.string(), createdAt: z.string() });

export const sessionView = z.object({
  accessToken: z.string(),
  tokenType: z.literal('Bearer'),
  expiresIn: z.number(),
  person: personView,
});
