import { z } from 'zod';
import type { RouteDefinition } from './routes.ts';

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.string().describe('Stable machine-readable error code, e.g. enrolments.cohort_full'),
    detail: z.string().optional(),
    instance: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  });

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as Record<string, unknown>;
  return rest;
}

function parametersOf(schema: z.ZodType | undefined, location: 'path' | 'query') {
  if (!schema) return [];
  const json = jsonSchema(schema, 'input') as { properties?: Record<string, Record<string, unknown>>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: location,
    required: location === 'path' || (json.required ?? []).includes(name),
    schema: property,
    ...(typeof property.description === 'string' ? { description: property.description } : {}),
  }));
}

function accessText(route: RouteDefinition<any, any, any>): string {
  if (route.access === 'public') return 'Public.';
  if ('roles' in route.access) return `Roles: ${route.access.roles.join(', ')}.`;
  return `API clients with scope: ${route.access.scopes.join(', ')}.`;
}

/** The OpenAPI 3.1 document of every mounted route, with its access rule and problem+json errors. */
export function buildOpenApiDocument(routes: RouteDefinition<any, any, any>[], info: { version: string; serverUrl: string }) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const responses: Record<string, unknown> = {};
    for (const [status, spec] of Object.entries(route.responses)) {
      const contentType = spec.contentType ?? 'application/json';
      responses[status] = {
        description: spec.description,
        ...(spec.schema ? { content: { [contentType]: { schema: jsonSchema(spec.schema, 'output') } } } : {}),
      };
    }
    responses.default = {
      description: 'Error (RFC 9457 problem details)',
      content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
    };
    paths[route.path] ??= {};
    paths[route.path]![route.method] = {
      operationId: route.operationId,
      summary: route.summary,
      description: [route.description, accessText(route)].filter(Boolean).join('\n\n'),
      tags: route.tags,
      ...(route.access === 'public' ? { security: [] } : { security: [{ bearerAuth: [] }] }),
      parameters: [...parametersOf(route.params, 'path'), ...parametersOf(route.query, 'query')],
      ...(route.body
        ? {
            requestBody: {
              required: true,
              content: Object.fromEntries(
                (route.bodyTypes ?? ['application/json']).map((t) => [t, { schema: jsonSchema(route.body!, 'input') }]),
              ),
            },
          }
        : {}),
      responses,
      'x-access': route.access,
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Brevet API',
      version: info.version,
      description: 'Certification programmes for public servants, issued as Open Badges 3.0 verifiable credentials.',
    },
    servers: [{ url: info.serverUrl }],
    paths,
    components: {
      schemas: { Problem: jsonSchema(problemSchema, 'output') },
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'A session token or an OAuth 2.0 client-credentials access token' },
      },
    },
  };
}
