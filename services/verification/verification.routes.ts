import { z } from 'zod';
import { AppError } from '../shared/errors.ts';
import { defineRoute } from '../shared/routes.ts';
import { verifyPresentation, verifyPresentedCredential } from './verification.usecases.ts';

const check = z.object({
  name: z.string(),
  status: z.enum(['passed', 'failed', 'could_not_check', 'not_applicable']),
  detail: z.string().optional(),
});
const verificationResult = z.object({
  verified: z.boolean(),
  outcome: z.enum(['valid', 'invalid', 'could_not_check']),
  format: z.enum(['data-integrity', 'jwt']).optional(),
  checks: z.array(check),
  warnings: z.array(z.unknown()),
  errors: z.array(z.unknown()),
});

// A credential object, or an OB 3.0 JWT (compact JWS). JSON text inside a string is not a credential.
const presented = z.union([
  z.record(z.string(), z.unknown()),
  z.string().regex(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/, 'a string credential must be a compact JWT'),
]);

export const verificationRoutes = [
  defineRoute({
    method: 'post',
    path: '/credentials/verify',
    operationId: 'verifyCredential',
    summary: 'Verify a credential (Data Integrity or OB 3.0 JWT): every named check and one outcome',
    description:
      'Outcome valid: 200. Outcome invalid: 400 `verification.invalid`. A status list or key that could not be read: 422 `verification.could_not_check` (never reported as valid).',
    tags: ['VC-API'],
    access: 'public',
    rateLimit: { name: 'credentials-verify', max: 600, windowSeconds: 60 },
    body: z.object({ verifiableCredential: presented, options: z.record(z.string(), z.unknown()).optional() }),
    responses: { 200: { description: 'The credential is valid', schema: verificationResult } },
    handler: async ({ c, body, deps }) => {
      const report = await verifyPresentedCredential(deps, body.verifiableCredential);
      const failures = report.checks.filter((k) => k.status === 'failed' || k.status === 'could_not_check');
      const result = { verified: report.outcome === 'valid', outcome: report.outcome, format: report.format, checks: report.checks, warnings: [] };
      if (report.outcome === 'valid') return c.json({ ...result, errors: [] });
      const invalid = report.outcome === 'invalid';
      throw new AppError(
        invalid ? 'verification.invalid' : 'verification.could_not_check',
        invalid ? 400 : 422,
        invalid ? 'The credential is not valid' : 'The credential could not be checked',
        failures.map((k) => `${k.name}: ${k.detail ?? k.status}`).join('; '),
        failures.map((k) => ({ path: k.name, message: k.detail ?? k.status })),
        { verified: false, outcome: report.outcome, checks: report.checks, ...(report.format ? { format: report.format } : {}) },
      );
    },
  }),
  defineRoute({
    method: 'post',
    path: '/presentations/verify',
    operationId: 'verifyPresentation',
    summary: 'Verify a presentation: its proof (challenge, domain) and every credential in it',
    tags: ['VC-API'],
    access: 'public',
    rateLimit: { name: 'presentations-verify', max: 300, windowSeconds: 60 },
    body: z.object({
      verifiablePresentation: z.record(z.string(), z.unknown()),
      options: z.object({ challenge: z.string().optional(), domain: z.string().optional() }).loose().optional(),
    }),
    responses: { 200: { description: 'The presentation and its credentials are valid', schema: z.object({ verified: z.literal(true) }).loose() } },
    handler: async ({ c, body, deps }) => {
      const result = await verifyPresentation(deps, {
        presentation: body.verifiablePresentation,
        challenge: body.options?.challenge,
        domain: body.options?.domain,
      });
      if (result.verified) return c.json({ ...result, warnings: [], errors: [] });
      const errors = [
        ...(result.presentation.verified ? [] : [{ path: 'presentation', message: result.presentation.detail }]),
        ...result.credentials.flatMap((r, i) =>
          r.checks.filter((k) => k.status === 'failed' || k.status === 'could_not_check').map((k) => ({ path: `verifiableCredential[${i}].${k.name}`, message: k.detail ?? k.status })),
        ),
      ];
      throw new AppError('verification.presentation_invalid', 400, 'The presentation is not valid', errors.map((e) => `${e.path}: ${e.message}`).join('; '), errors, { verified: false });
    },
  }),
];
