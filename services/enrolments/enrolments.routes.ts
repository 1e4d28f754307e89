import { z } from 'zod';
import { ENROLMENT_STATUSES } from '../db/schema/enrolments.ts';
import type { Principal } from '../shared/auth.ts';
import { commonErrors } from '../shared/errors.ts';
import { defineRoute } from '../shared/routes.ts';
import { enrolFromCsv } from './csv-import.usecases.ts';
import { enrolmentErrors } from './enrolments.errors.ts';
import { enrolmentsRepository, type EnrolmentRow } from './enrolments.repository.ts';
import { decideEnrolment, requestEnrolment, withdrawEnrolment } from './enrolments.usecases.ts';
import { enrolmentView } from './enrolments.views.ts';
import { openRenewal } from '../certification/renewal.usecases.ts';

const ALL_ROLES = ['learner', 'manager', 'facilitator', 'assessor', 'admin'] as const;
const enrolment = z.object({ id: z.uuid(), status: z.enum(ENROLMENT_STATUSES) }).loose();
const enrolmentParams = z.object({ enrolmentId: z.uuid() });

function person(principal: Principal | null): Extract<Principal, { kind: 'person' }> {
  if (principal?.kind !== 'person') throw commonErrors.unauthenticated();
  return principal;
}

/** Who may read an enrolment: its learner, the learner's manager, admins. Others get 404, as for a missing one. */
function assertMayRead(principal: Extract<Principal, { kind: 'person' }>, row: EnrolmentRow | undefined): asserts row is EnrolmentRow {
  const ok = row && (row.person_id === principal.id || row.learner_manager_id === principal.id || principal.roles.includes('admin'));
  if (!ok) throw enrolmentErrors.notFound();
}

export const enrolmentRoutes = [
  defineRoute({
    method: 'post',
    path: '/api/v1/cohorts/{cohortId}/enrolments',
    operationId: 'requestEnrolment',
    summary: 'Ask for a place in a cohort (expert level: with a basic credential that verifies now)',
    description: 'Without `prerequisiteCredential`, a credential held here is used. A credential file (JSON-LD object or OB 3.0 JWT) can be sent instead.',
    tags: ['Enrolments'],
    access: { roles: ['learner'] },
    params: z.object({ cohortId: z.uuid() }),
    body: z.strictObject({ prerequisiteCredential: z.union([z.record(z.string(), z.unknown()), z.string().min(10)]).optional() }),
    responses: { 201: { description: 'The enrolment, requested', schema: enrolment } },
    handler: async ({ c, params, body, deps, principal }) => {
      const row = await requestEnrolment(deps, { cohortId: params.cohortId, principal: person(principal), prerequisiteCredential: body.prerequisiteCredential });
      return c.json(enrolmentView(row), 201);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/enrolments',
    operationId: 'listEnrolments',
    summary: 'Enrolments: a learner\'s own, a manager\'s agents, or any (admins, with filters)',
    tags: ['Enrolments'],
    access: { roles: ALL_ROLES },
    query: z.strictObject({ cohortId: z.uuid().optional(), status: z.enum(ENROLMENT_STATUSES).optional(), scope: z.enum(['mine', 'team', 'all']).default('mine') }),
    responses: { 200: { description: 'Enrolments', schema: z.object({ enrolments: z.array(enrolment) }) } },
    handler: async ({ c, query, deps, principal }) => {
      const me = person(principal);
      const filters = { cohortId: query.cohortId, status: query.status };
      if (query.scope === 'all' && !me.roles.includes('admin')) throw commonErrors.forbidden('Only admins list every enrolment');
      if (query.scope === 'team' && !me.roles.includes('manager')) throw commonErrors.forbidden('Only managers list their team');
      const scoped = query.scope === 'mine' ? { personId: me.id } : query.scope === 'team' ? { managerId: me.id } : {};
      const rows = await enrolmentsRepository(deps.db).list({ ...filters, ...scoped });
      return c.json({ enrolments: rows.map(enrolmentView) });
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/enrolments/{enrolmentId}',
    operationId: 'getEnrolment',
    summary: 'One enrolment with its history',
    tags: ['Enrolments'],
    access: { roles: ALL_ROLES },
    params: enrolmentParams,
    responses: { 200: { description: 'The enrolment', schema: enrolment } },
    handler: async ({ c, params, deps, principal }) => {
      const repository = enrolmentsRepository(deps.db);
      const row = await repository.find(params.enrolmentId);
      assertMayRead(person(principal), row);
      const events = await repository.events(row.id);
      return c.json({
        ...enrolmentView(row),
        history: events.map((e) => ({ from: e.from_status, to: e.to_status, by: e.actor_kind, reason: e.reason, at: new Date(e.at).toISOString() })),
      });
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/enrolments/{enrolmentId}/decision',
    operationId: 'decideEnrolment',
    summary: 'Approve (takes a seat) or reject a request: the learner\'s manager or an admin',
    tags: ['Enrolments'],
    access: { roles: ['manager', 'admin'] },
    params: enrolmentParams,
    body: z.strictObject({ decision: z.enum(['approve', 'reject']), reason: z.string().trim().min(1).max(2000).optional() }),
    responses: { 200: { description: 'The enrolment after the decision', schema: enrolment } },
    handler: async ({ c, params, body, deps, principal }) => {
      const row = await decideEnrolment(deps, { enrolmentId: params.enrolmentId, decision: body.decision, reason: body.reason, principal: person(principal) });
      return c.json(enrolmentView(row));
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/enrolments/{enrolmentId}/withdrawal',
    operationId: 'withdrawEnrolment',
    summary: 'Withdraw from a cohort (the learner, or an admin); the seat is given back',
    tags: ['Enrolments'],
    access: { roles: ['learner', 'admin'] },
    params: enrolmentParams,
    body: z.strictObject({ reason: z.string().trim().max(2000).optional() }),
    responses: { 200: { description: 'The enrolment, withdrawn', schema: enrolment } },
    handler: async ({ c, params, body, deps, principal }) => {
      const row = await withdrawEnrolment(deps, { enrolmentId: params.enrolmentId, principal: person(principal), reason: body.reason });
      return c.json(enrolmentView(row));
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/cohorts/{cohortId}/enrolments/csv',
    operationId: 'importEnrolments',
    summary: 'Enrol a list of agents from CSV (email[, displayName][, locale]); a report per row',
    tags: ['Enrolments'],
    access: { roles: ['admin'] },
    params: z.object({ cohortId: z.uuid() }),
    body: z.string(),
    bodyTypes: ['text/csv'],
    responses: {
      200: {
        description: 'What happened to each row',
        schema: z.object({
          summary: z.object({ enrolled: z.number(), alreadyEnrolled: z.number(), invalid: z.number() }),
          rows: z.array(z.object({ line: z.number(), email: z.string(), result: z.enum(['enrolled', 'already_enrolled', 'invalid']), reason: z.string().optional() }).loose()),
        }),
      },
    },
    handler: async ({ c, params, body, deps, principal }) => c.json(await enrolFromCsv(deps, { cohortId: params.cohortId, csv: body, principal: person(principal) })),
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/credentials/{credentialId}/renewal',
    operationId: 'openRenewal',
    summary: 'Open the renewal of a badge that expires within 90 days (its holder)',
    description: 'Creates an active renewal enrolment whose only requirement is the renewal assessment; passing it issues a new badge linked to this one.',
    tags: ['Enrolments'],
    access: { roles: ['learner'] },
    params: z.object({ credentialId: z.uuid() }),
    responses: { 201: { description: 'The renewal enrolment', schema: z.object({ enrolmentId: z.uuid(), renewsCredentialId: z.uuid() }) } },
    handler: async ({ c, params, deps, principal }) => c.json(await openRenewal(deps, { credentialId: params.credentialId, personId: person(principal).id }), 201),
  }),
];
