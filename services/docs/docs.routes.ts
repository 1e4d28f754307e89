import { z } from 'zod';
import { buildOpenApiDocument } from '../shared/openapi.ts';
import { defineRoute, type RouteDefinition } from '../shared/routes.ts';
import { apiReferencePage } from './docs.views.ts';

export const API_VERSION = '0.1.0';

/** /openapi.json and /docs, describing `routes` plus themselves. */
export function docsRoutes(routes: RouteDefinition<any, any, any>[]): RouteDefinition<any, any, any>[] {
  let document: ReturnType<typeof buildOpenApiDocument> | undefined;
  const all: RouteDefinition<any, any, any>[] = [];
  const serverUrl = (url: string) => new URL(url).origin;
  const getDocument = (url: string) => {
    document ??= buildOpenApiDocument(all, { version: API_VERSION, serverUrl: serverUrl(url) });
    return document;
  };
  const own = [
    defineRoute({
      method: 'get',
      path: '/openapi.json',
      operationId: 'getOpenApiDocument',
      summary: 'The OpenAPI 3.1 description of this API',
      tags: ['System'],
      access: 'public',
      responses: { 200: { description: 'OpenAPI 3.1 document', schema: z.object({ openapi: z.string() }).loose() } },
      handler: ({ c }) => c.json(getDocument(c.req.url)),
    }),
    defineRoute({
      method: 'get',
      path: '/docs',
      operationId: 'getApiReference',
      summary: 'The API reference as an HTML page',
      tags: ['System'],
      access: 'public',
      responses: { 200: { description: 'HTML page', contentType: 'text/html' } },
      handler: ({ c }) => c.html(apiReferencePage(getDocument(c.req.url))),
    }),
  ];
  all.push(...routes, ...own);
  return own;
}

