import type { Context } from 'hono';
import { callerAddress } from '../shared/rate-limit.ts';
import { z } from 'zod';
import { defineRoute, type AppEnv } from '../shared/routes.ts';
import { sessionRequest, sessionView, signInLinkRequest } from './identity.schemas.ts';
import { exchangeSignInToken, requestSignInLink } from './sign-in.usecases.ts';

const accepted = z.object({ status: z.literal('accepted'), detail: z.string() });
const ACCEPTED = {
  status: 'accepted' as const,
  detail: 'If this address belongs to a Brevet account, a sign-in link is on its way. It works once, for 15 minutes.',
};

export const authRoutes = [
  defineRoute({
    method: 'post',
    path: '/api/v1/auth/sign-in-links',
    operationId: 'requestSignInLink',
    summary: 'Emails a one-time sign-in link (the same answer whether or not the address is known)',
    tags: ['Authentication'],
    access: 'public',
    body: signInLinkRequest,
    responses: {
      202: { description: 'Accepted; a link is sent if the address belongs to an account', schema: accepted },
      429: { description: 'Too many requests for this address or from this network (request.rate_limited)' },
    },
    handler: async ({ c, body, deps }) => {
      await requestSignInLink(deps, { email: body.email, locale: body.locale, ip: callerAddress(c) });
      c.header('Cache-Control', 'no-store');
      return c.json(ACCEPTED, 202);
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/auth/sessions',
    operationId: 'createSession',
    summary: 'Exchanges a sign-in token (from the emailed link) for a one-hour access token',
    tags: ['Authentication'],
    access: 'public',
    body: sessionRequest,
    responses: {
      201: { description: 'Signed in', schema: sessionView },
      401: { description: 'The token was used already, has expired or is unknown (auth.invalid_sign_in_token)' },
    },
    handler: async ({ c, body, deps }) => {
      const session = await exchangeSignInToken(deps, { token: body.token });
      c.header('Cache-Control', 'no-store');
      return c.json(session, 201);
    },
  }),
];
