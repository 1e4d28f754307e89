import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { DIGCOMP_COMPETENCES } from '../../services/programmes/digcomp.ts';
import { getProgramme } from '../../services/programmes/programmes.usecases.ts';
import { loadProgrammeSeed, seedProgrammes } from '../../services/programmes/programmes.seed.ts';
import { createTestDeps } from '../helpers/deps.ts';

const deps = createTestDeps();
const LANGS = ['fr', 'nl', 'de', 'en'] as const;

function expectAllLanguages(text: Record<string, string>, where: string) {
  expect(Object.keys(text).sort(), where).toEqual([...LANGS].sort());
  for (const lang of LANGS) expect(text[lang]!.trim().length, `${where}.${lang}`).toBeGreaterThan(0);
  // A translation is not a copy of another language.
  expect(new Set(LANGS.map((l) => text[l])).size, `${where} has copied texts`).toBeGreaterThan(2);
}

describe('seedProgrammes', () => {
  it('inserts the two Connectoo programmes once, and nothing on later runs, even concurrent ones', async () => {
    expect(await seedProgrammes(deps)).toEqual(['connectoo-basic', 'connectoo-expert']);
    expect(await Promise.all([seedProgrammes(deps), seedProgrammes(deps)])).toEqual([[], []]);
    const counts = await sql<{ programmes: number; versions: number; modules: number }>`
      select (select count(*) from programmes) as programmes, (select count(*) from programme_versions) as versions,
             (select count(*) from programme_modules) as modules`.execute(deps.db);
    expect(counts.rows[0]).toEqual({ programmes: 2, versions: 2, modules: 11 });
    const audit = await deps.db.selectFrom('audit_events').select(['action', 'actor_kind']).where('action', '=', 'programme.seeded').execute();
    expect(audit).toHaveLength(2);
  });

  it('publishes the basic level: 5 self-paced modules of 2 h, 8 outcomes, no prerequisite, valid 36 months', async () => {
    const basic = (await getProgramme(deps, 'connectoo-basic')).published!;
    expect(basic).toMatchObject({ version: 1, status: 'published', level: 'basic', requiredWebinars: 0, fixedDurationWeeks: null, prerequisiteProgrammeCode: null, validityMonths: 36 });
    expect(basic.modules.map((m) => m.durationMinutes)).toEqual([120, 120, 120, 120, 120]);
    expect(basic.learningOutcomes).toHaveLength(8);
    expect(basic.learningOutcomes[4]!.en).toMatch(/CSAM.*itsme.*MyMinfin.*MyPension.*MyHealth.*eBox/);
  });

  it('publishes the expert level: 6 more modules of 2 h, 3 webinars, 11 weeks, basic credential as prerequisite', async () => {
    const expert = (await getProgramme(deps, 'connectoo-expert')).published!;
    expect(expert).toMatchObject({ level: 'expert', requiredWebinars: 3, fixedDurationWeeks: 11, prerequisiteProgrammeCode: 'connectoo-basic', validityMonths: 36 });
    expect(expert.modules.map((m) => m.durationMinutes)).toEqual([120, 120, 120, 120, 120, 120]);
    expect(expert.learningOutcomes).toHaveLength(3);
  });

  it('has every text in French, Dutch, German and English', async () => {
    for (const code of ['connectoo-basic', 'connectoo-expert']) {
      const v = (await getProgramme(deps, code)).published!;
      expectAllLanguages(v.title, `${code}.title`);
      expectAllLanguages(v.description, `${code}.description`);
      v.learningOutcomes.forEach((o, i) => expectAllLanguages(o, `${code}.learningOutcomes.${i}`));
      v.modules.forEach((m) => expectAllLanguages(m.title, `${code}.modules.${m.code}`));
    }
  });

  it('aligns to real DigComp 2.2 competences with their official names', async () => {
    for (const code of ['connectoo-basic', 'connectoo-expert']) {
      const v = (await getProgramme(deps, code)).published!;
      expect(v.digcompAlignment.length).toBeGreaterThan(0);
      for (const a of v.digcompAlignment) {
        expect(a.framework).toBe('DigComp 2.2');
        expect(a.name).toBe(DIGCOMP_COMPETENCES[a.competence as keyof typeof DIGCOMP_COMPETENCES]);
        expect(a.proficiencyLevel).toBeGreaterThanOrEqual(1);
        expect(a.proficiencyLevel).toBeLessThanOrEqual(8);
      }
    }
  });

  it('rejects a seed file that breaks the admin rules before touching the database', async () => {
    const file = new URL(`file:///tmp/brevet-bad-seed-${process.pid}.json`);
    const { writeFile, rm } = await import('node:fs/promises');
    const [basic] = await loadProgrammeSeed();
    await writeFile(file, JSON.stringify({ programmes: [{ ...basic, code: 'bad-seed', version: { ...basic!.version, title: { fr: 'Seulement en français' } } }] }));
    try {
      await expect(seedProgrammes(deps, file)).rejects.toThrow(/not valid/);
      expect(await deps.db.selectFrom('programmes').select('id').where('code', '=', 'bad-seed').executeTakeFirst()).toBeUndefined();
    } finally {
      await rm(file, { force: true });
    }
  });

  it('keeps published content frozen in the database itself', async () => {
    const v = (await getProgramme(deps, 'connectoo-basic')).published!;
    await expect(sql`update programme_versions set required_webinars = 5 where id = ${v.id}`.execute(deps.db)).rejects.toThrow(/immutable/);
    await expect(sql`update programme_modules set duration_minutes = 60 where programme_version_id = ${v.id}`.execute(deps.db)).rejects.toThrow(/immutable/);
    await expect(sql`delete from programme_modules where programme_version_id = ${v.id}`.execute(deps.db)).rejects.toThrow(/immutable/);
  });
});
