import { z } from 'zod';
import { defineRoute } from '../shared/routes.ts';
import { checkHealth } from './health.usecases.ts';

const dependencyState = z.union([
  z.object({ status: z.literal('ok'), latencyMs: z.number() }),
  z.object({ status: z.literal('down'), error: z.string() }),
]);
const healthReport = z.object({
  status: z.enum(['ok', 'degraded']),
  checks: z.object({ postgres: dependencyState, redis: dependencyState }),
});

export const healthRoutes = [
  defineRoute({
    method: 'get',
    path: '/health',
    operationId: 'getHealth',
    summary: 'Checks PostgreSQL and Redis and names the state of each',
    tags: ['System'],
    access: 'public',
    responses: {
      200: { description: 'Every dependency answers', schema: healthReport },
      503: { description: 'At least one dependency is down (named in checks)', schema: healthReport },
    },
    handler: async ({ c, deps }) => {
      const report = await checkHealth(deps);
      c.header('Cache-Control', 'no-store');
      return c.json(report, report.status === 'ok' ? 200 : 503);
    },
  }),
];
