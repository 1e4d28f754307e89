import type { Principal } from '../shared/auth.ts';
import { commonErrors } from '../shared/errors.ts';
import { defineRoute } from '../shared/routes.ts';
import { bookSession, cancelBooking, recordAttendance } from './bookings.usecases.ts';
import {
  attendanceBody, bookingParams, bookingSchema, cohortParams, createSessionBody, rosterSchema, sessionListSchema, sessionParams, sessionSchema,
} from './webinars.schemas.ts';
import { createSession, getRoster, listSessions, type Person } from './webinars.usecases.ts';

const staff = { roles: ['admin', 'facilitator'] } as const;
const learner = { roles: ['learner'] } as const;
// Every access rule here names roles, which only people hold: this narrows the type.
function person(principal: Principal | null): Person {
  if (principal?.kind !== 'person') throw commonErrors.forbidden();
  return principal;
}

export const webinarRoutes = [
  defineRoute({
    method: 'post',
    path: '/api/v1/cohorts/{cohortId}/webinar-sessions',
    operationId: 'createWebinarSession',
    summary: "Schedules a small-group webinar session on one of the programme's webinar topics (a facilitator of the cohort or an admin)",
    tags: ['Webinars'],
    access: staff,
    params: cohortParams,
    body: createSessionBody,
    responses: { 201: { description: 'The session', schema: sessionSchema } },
    handler: async ({ c, params, body, principal, deps }) => {
      const session = await createSession(deps, { ...body, cohortId: params.cohortId, actor: person(principal) });
      return c.json(session, 201);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/cohorts/{cohortId}/webinar-sessions',
    operationId: 'listWebinarSessions',
    summary: "A cohort's webinar sessions with seats left (learners of the cohort see their own booking)",
    tags: ['Webinars'],
    access: { roles: ['learner', 'facilitator', 'admin'] },
    params: cohortParams,
    responses: { 200: { description: 'Sessions by start time', schema: sessionListSchema } },
    handler: async ({ c, params, principal, deps }) => c.json({ sessions: await listSessions(deps, { cohortId: params.cohortId, principal: person(principal) }) }),
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/webinar-sessions/{sessionId}/bookings',
    operationId: 'bookWebinarSession',
    summary: 'The learner books a seat in a session of their cohort (never past its capacity); the confirmation email is queued',
    tags: ['Webinars'],
    access: learner,
    params: sessionParams,
    responses: { 201: { description: 'The booking', schema: bookingSchema } },
    handler: async ({ c, params, principal, deps }) => c.json(await bookSession(deps, { sessionId: params.sessionId, principal: person(principal) }), 201),
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/webinar-bookings/{bookingId}/cancel',
    operationId: 'cancelWebinarBooking',
    summary: 'Cancels a booking before its session starts and frees the seat (the learner, or an admin)',
    tags: ['Webinars'],
    access: { roles: ['learner', 'admin'] },
    params: bookingParams,
    responses: { 200: { description: 'The cancelled booking', schema: bookingSchema } },
    handler: async ({ c, params, principal, deps }) => c.json(await cancelBooking(deps, { bookingId: params.bookingId, principal: person(principal) })),
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/webinar-sessions/{sessionId}/bookings',
    operationId: 'getWebinarRoster',
    summary: "A session's live bookings with learners' names and attendance (its facilitator, or an admin)",
    tags: ['Webinars'],
    access: staff,
    params: sessionParams,
    responses: { 200: { description: 'The roster', schema: rosterSchema } },
    handler: async ({ c, params, principal, deps }) => c.json(await getRoster(deps, { sessionId: params.sessionId, principal: person(principal) })),
  }),
  defineRoute({
    method: 'put',
    path: '/api/v1/webinar-sessions/{sessionId}/attendance',
    operationId: 'recordWebinarAttendance',
    summary: 'Records who attended, once the session has started (its facilitator, or an admin); recording again corrects',
    tags: ['Webinars'],
    access: staff,
    params: sessionParams,
    body: attendanceBody,
    responses: { 200: { description: 'The roster', schema: rosterSchema } },
    handler: async ({ c, params, body, principal, deps }) =>
      c.json(await recordAttendance(deps, { sessionId: params.sessionId, attendance: body.attendance, principal: person(principal) })),
  }),
];
