import { z } from 'zod';
import { commonErrors } from '../shared/errors.ts';
import { defineRoute } from '../shared/routes.ts';
import { exchangeClientCredentials } from './clients.usecases.ts';

const tokenRequest = z.object({
  grant_type: z.string().min(1),
  client_id: z.string().min(1).optional(),
  client_secret: z.string().min(1).optional(),
  scope: z.string().optional(),
  // Sent by the W3C suites' OAuth helper; audiences are not used here.
  audience: z.string().optional(),
});

/** client_secret_basic: `Authorization: Basic base64(id:secret)`. */
function basicCredentials(header: string | undefined): { id: string; secret: string } | null {
  const match = header && /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header.trim());
  if (!match?.[1]) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  return { id: decodeURIComponent(decoded.slice(0, colon)), secret: decodeURIComponent(decoded.slice(colon + 1)) };
}

export const clientRoutes = [
  defineRoute({
    method: 'post',
    path: '/oauth/token',
    operationId: 'createAccessToken',
    summary: 'OAuth 2.0 client-credentials grant: exchange a client id and secret for a bearer token',
    description: 'Client authentication by client_secret_post (form fields) or client_secret_basic (Authorization: Basic).',
    tags: ['Authentication'],
    access: 'public',
    rateLimit: { name: 'oauth-token', max: 120, windowSeconds: 60 },
    body: tokenRequest,
    bodyTypes: ['application/x-www-form-urlencoded', 'application/json'],
    responses: {
      200: {
        description: 'Access token',
        schema: z.object({ access_token: z.string(), token_type: z.literal('Bearer'), expires_in: z.number(), scope: z.string() }),
      },
    },
    handler: async ({ c, body, deps }) => {
      const basic = basicCredentials(c.req.header('authorization'));
      const clientId = basic?.id ?? body.client_id;
      const clientSecret = basic?.secret ?? body.client_secret;
      if (!clientId || !clientSecret) throw commonErrors.unauthenticated('Send client_id and client_secret (form fields or HTTP Basic)');
      const token = await exchangeClientCredentials(deps, { grantType: body.grant_type, clientId, clientSecret, scope: body.scope });
      c.header('Cache-Control', 'no-store');
      return c.json(token);
    },
  }),
];
