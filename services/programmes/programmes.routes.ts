import { defineRoute } from '../shared/routes.ts';
import {
  catalogueEntrySchema,
  catalogueQuery,
  catalogueSchema,
  createProgrammeBody,
  programmeCodeParams,
  programmeDetailSchema,
  programmeListSchema,
  programmeVersionInput,
  programmeVersionParams,
  programmeVersionSchema,
} from './programmes.schemas.ts';
import {
  addProgrammeVersion,
  createProgramme,
  getCatalogueEntry,
  getProgramme,
  listCatalogue,
  listProgrammes,
  publishProgrammeVersion,
} from './programmes.usecases.ts';
import { negotiateLocale } from './programmes.views.ts';

const admin = { roles: ['admin'] } as const;

/**
 * The catalogue is public: it describes what a badge certifies (criteria, outcomes, DigComp
 * alignment) to anyone checking one, including employers who have no account, and holds no
 * personal data.
 */
const catalogueRoutes = [
  defineRoute({
    method: 'get',
    path: '/api/v1/catalogue',
    operationId: 'listCatalogue',
    summary: 'Published programmes in one language (?lang= or Accept-Language; fr, nl, de, en)',
    tags: ['Catalogue'],
    access: 'public',
    query: catalogueQuery,
    responses: { 200: { description: 'Published programmes', schema: catalogueSchema } },
    handler: async ({ c, query, deps }) => {
      const lang = negotiateLocale(query.lang, c.req.header('accept-language'));
      c.header('Content-Language', lang);
      c.header('Vary', 'Accept-Language');
      return c.json({ lang, programmes: await listCatalogue(deps, { lang }) });
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/catalogue/{code}',
    operationId: 'getCatalogueEntry',
    summary: 'One published programme in one language',
    tags: ['Catalogue'],
    access: 'public',
    params: programmeCodeParams,
    query: catalogueQuery,
    responses: { 200: { description: 'The programme as published', schema: catalogueEntrySchema } },
    handler: async ({ c, params, query, deps }) => {
      const lang = negotiateLocale(query.lang, c.req.header('accept-language'));
      c.header('Content-Language', lang);
      c.header('Vary', 'Accept-Language');
      return c.json(await getCatalogueEntry(deps, { code: params.code, lang }));
    },
  }),
];

const adminRoutes = [
  defineRoute({
    method: 'get',
    path: '/api/v1/programmes',
    operationId: 'listProgrammes',
    summary: 'Every programme with its published version and a line per version',
    tags: ['Programmes'],
    access: admin,
    responses: { 200: { description: 'Programmes', schema: programmeListSchema } },
    handler: async ({ c, deps }) => c.json({ programmes: await listProgrammes(deps) }),
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/programmes',
    operationId: 'createProgramme',
    summary: 'Creates a programme with its first version as a draft',
    tags: ['Programmes'],
    access: admin,
    body: createProgrammeBody,
    responses: { 201: { description: 'Created (version 1, draft)', schema: programmeVersionSchema } },
    handler: async ({ c, body, principal, deps }) => {
      const created = await createProgramme(deps, { code: body.code, version: body.version, actor: principal! });
      c.header('Location', `/api/v1/programmes/${created.code}`);
      return c.json(created.version, 201);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/v1/programmes/{code}',
    operationId: 'getProgramme',
    summary: 'One programme with every version in full',
    tags: ['Programmes'],
    access: admin,
    params: programmeCodeParams,
    responses: { 200: { description: 'The programme', schema: programmeDetailSchema } },
    handler: async ({ c, params, deps }) => c.json(await getProgramme(deps, params.code)),
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/programmes/{code}/versions',
    operationId: 'addProgrammeVersion',
    summary: 'Adds the next version of a programme as a draft; published versions and their cohorts are untouched',
    tags: ['Programmes'],
    access: admin,
    params: programmeCodeParams,
    body: programmeVersionInput,
    responses: { 201: { description: 'Draft version', schema: programmeVersionSchema } },
    handler: async ({ c, params, body, principal, deps }) => {
      const version = await addProgrammeVersion(deps, { code: params.code, version: body, actor: principal! });
      c.header('Location', `/api/v1/programmes/${params.code}`);
      return c.json(version, 201);
    },
  }),
  defineRoute({
    method: 'post',
    path: '/api/v1/programmes/{code}/versions/{version}/publish',
    operationId: 'publishProgrammeVersion',
    summary: 'Publishes a draft; the previously published version is retired for new cohorts only',
    tags: ['Programmes'],
    access: admin,
    params: programmeVersionParams,
    responses: { 200: { description: 'Published version', schema: programmeVersionSchema } },
    handler: async ({ c, params, principal, deps }) =>
      c.json(await publishProgrammeVersion(deps, { code: params.code, version: params.version, actor: principal! })),
  }),
];

export const programmeRoutes = [...catalogueRoutes, ...adminRoutes];
