import { readFile } from 'node:fs/promises';
import type { Deps } from '../deps.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { programmesRepository } from '../programmes/programmes.repository.ts';
import { assessmentsRepository } from './assessments.repository.ts';
import { assessmentSeedFile, type QuestionInput } from './assessments.schemas.ts';

/** The Connectoo question banks in fr/nl/de/en, kept as data next to the module. */
export const CONNECTOO_ASSESSMENTS_FILE = new URL('./data/connectoo-assessments.json', import.meta.url);

type SeedEntry = ReturnType<typeof assessmentSeedFile.parse>['assessments'][number];

/** Reads and validates the seed file with the admin API's own question schema. */
export async function loadAssessmentSeed(file: URL = CONNECTOO_ASSESSMENTS_FILE): Promise<SeedEntry[]> {
  const parsed = assessmentSeedFile.safeParse(JSON.parse(await readFile(file, 'utf8')));
  if (!parsed.success) throw new Error(`Assessment seed ${file.pathname} is not valid: ${parsed.error.message}`);
  return parsed.data.assessments;
}

/**
 * An entry's questions: its own, or the choice questions of another kind's
 * entry for the same programme (the renewal test draws from the certifying
 * bank, auto-marked only so a holder gets the result without waiting).
 */
function questionsFor(entry: SeedEntry, all: SeedEntry[]): QuestionInput[] {
  if (entry.questions) return entry.questions;
  const source = all.find((e) => e.programmeCode === entry.programmeCode && e.kind === entry.choiceQuestionsOf && e.questions);
  if (!source?.questions) throw new Error(`Assessment seed: ${entry.programmeCode}/${entry.kind} has no questions to use`);
  return source.questions.filter((q) => q.type !== 'open');
}

/**
 * Gives version 1 of each seeded programme (the version the programme seed
 * publishes) its published assessments; runs at every start after the
 * programme seed. An assessment that exists is left alone, and later versions
 * belong to admins. Concurrent seeds wait on the unique (version, kind) and
 * skip. Returns the `code/kind` pairs inserted.
 */
export async function seedAssessments({ db, clock }: Pick<Deps, 'db' | 'clock'>, file: URL = CONNECTOO_ASSESSMENTS_FILE): Promise<string[]> {
  const entries = await loadAssessmentSeed(file);
  const inserted: string[] = [];
  for (const entry of entries) {
    const questions = questionsFor(entry, entries);
    const created = await db.transaction().execute(async (trx) => {
      const programmes = programmesRepository(trx);
      const programme = await programmes.findProgramme(entry.programmeCode);
      const version = programme && (await programmes.findVersion(programme.id, 1));
      if (!version) return false;
      const repo = assessmentsRepository(trx);
      const row = await repo.insertIfMissing({ programmeVersionId: version.id, kind: entry.kind, passMarkPercent: entry.passMarkPercent, maxAttempts: entry.maxAttempts, questionsPerAttempt: entry.questionsPerAttempt });
      if (!row) return false;
      for (const question of questions) await repo.insertQuestion(row.id, question);
      await repo.setStatus(row.id, 'published', clock.now());
      await recordAudit(trx, { actor: { kind: 'system', id: 'seed' }, action: 'assessment.seeded', subjectType: 'assessment', subjectId: row.id, details: { programme: entry.programmeCode, kind: entry.kind, questions: questions.length } });
      return true;
    });
    if (created) inserted.push(`${entry.programmeCode}/${entry.kind}`);
  }
  return inserted;
}
