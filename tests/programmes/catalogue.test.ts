import { describe, expect, it } from 'vitest';
import { createApp } from '../../services/app.ts';
import { seedProgrammes } from '../../services/programmes/programmes.seed.ts';
import { negotiateLocale } from '../../services/programmes/programmes.views.ts';
import { createTestDeps } from '../helpers/deps.ts';
import { buildProgramme } from '../helpers/factories.ts';
import { readJson } from '../helpers/http.ts';

const deps = createTestDeps();
const app = createApp(deps);
await seedProgrammes(deps);
await buildProgramme(deps.db, { code: 'draft-only', status: 'draft' });

describe('GET /api/v1/catalogue', () => {
  it('is public and lists only published programmes', async () => {
    const res = await app.request('/api/v1/catalogue?lang=en');
    expect(res.status).toBe(200);
    const body = await readJson(res);
    expect(body.lang).toBe('en');
    expect(body.programmes.map((p: { code: string }) => p.code)).toEqual(['connectoo-basic', 'connectoo-expert']);
  });

  it('answers in the language asked with ?lang=, in every one of the four', async () => {
    const titles = new Set<string>();
    for (const lang of ['fr', 'nl', 'de', 'en']) {
      const res = await app.request(`/api/v1/catalogue/connectoo-expert?lang=${lang}`);
      expect(res.headers.get('content-language')).toBe(lang);
      const entry = await readJson(res);
      titles.add(entry.title);
      expect(entry.learningOutcomes.every((o: unknown) => typeof o === 'string' && o.length > 0)).toBe(true);
      expect(entry.prerequisite.code).toBe('connectoo-basic');
      expect(typeof entry.prerequisite.title).toBe('string');
    }
    expect(titles.size).toBe(4);
  });

  it('follows Accept-Language when no ?lang= is given, and falls back to French', async () => {
    const nl = await readJson(await app.request('/api/v1/catalogue/connectoo-basic', { headers: { 'accept-language': 'en;q=0.5, nl-BE, fr;q=0.8' } }));
    expect(nl.title).toBe('Connectoo-brevet – basisniveau');
    const fallback = await app.request('/api/v1/catalogue/connectoo-basic', { headers: { 'accept-language': 'es, it' } });
    expect(fallback.headers.get('content-language')).toBe('fr');
    expect((await readJson(fallback)).title).toBe('Brevet Connectoo – niveau de base');
  });

  it('shows the expert requirements: 6 modules of 2 h, 3 webinars, 11 weeks', async () => {
    const entry = await readJson(await app.request('/api/v1/catalogue/connectoo-expert?lang=de'));
    expect(entry).toMatchObject({ level: 'expert', requiredWebinars: 3, fixedDurationWeeks: 11, totalModuleMinutes: 720, validityMonths: 36 });
    expect(entry.modules).toHaveLength(6);
  });

  it('refuses an unsupported language and answers 404 for a draft-only or unknown programme', async () => {
    const bad = await app.request('/api/v1/catalogue?lang=es');
    expect(bad.status).toBe(400);
    expect((await readJson(bad)).errors[0].path).toBe('query.lang');
    for (const code of ['draft-only', 'unknown-programme']) {
      const res = await app.request(`/api/v1/catalogue/${code}`);
      expect(res.status).toBe(404);
      expect((await readJson(res)).code).toBe('programmes.not_found');
    }
  });
});

describe('negotiateLocale', () => {
  it('prefers ?lang=, then the highest q among supported languages, then order', () => {
    expect(negotiateLocale('de', 'fr')).toBe('de');
    expect(negotiateLocale(undefined, 'de-BE;q=0.9, en;q=0.9, nl;q=0.1')).toBe('de');
    expect(negotiateLocale(undefined, 'fr;q=0, en')).toBe('en');
    expect(negotiateLocale(undefined, undefined)).toBe('fr');
  });
});
