import { z } from 'zod';
import { recordAudit } from '../audit/audit.repository.ts';
import { takeSeat } from '../cohorts/cohort-seats.ts';
import type { Deps } from '../deps.ts';
import type { Locale } from '../db/schema/foundation.ts';
import { AppError } from '../shared/errors.ts';
import type { Principal } from '../shared/auth.ts';
import { parseCsv } from './csv.ts';
import { enrolmentErrors } from './enrolments.errors.ts';
import { cohortForEnrolment, insertEnrolment } from './enrolments.usecases.ts';
import { checkPrerequisite } from './prerequisite.ts';

export type CsvRowResult = { line: number; email: string; result: 'enrolled' | 'already_enrolled' | 'invalid'; reason?: string; enrolmentId?: string };

const MAX_ROWS = 5_000;
const email = z.email();
const locale = z.enum(['fr', 'nl', 'de', 'en']);

function header(row: string[]) {
  const names = row.map((h) => h.trim().toLowerCase().replace(/[^a-z]/g, ''));
  const at = (...candidates: string[]) => names.findIndex((n) => candidates.includes(n));
  const columns = { email: at('email', 'mail', 'courriel', 'emailaddress'), name: at('displayname', 'name', 'nom', 'naam'), locale: at('locale', 'language', 'langue', 'taal') };
  if (columns.email < 0) throw enrolmentErrors.csvInvalid('The first line must name the columns, with at least "email"');
  return columns;
}

/**
 * An admin enrols a list of agents into a cohort from CSV (email[, displayName][, locale]).
 * Each row is its own transaction, so a bad row never blocks the good ones; the report
 * says for every row: enrolled, already enrolled, or invalid with the reason. Unknown
 * addresses with a name become learners of the cohort's organisation.
 */
export async function enrolFromCsv(deps: Pick<Deps, 'db' | 'config' | 'secrets' | 'clock'>, input: { cohortId: string; csv: string; principal: Extract<Principal, { kind: 'person' }> }) {
  let rows: string[][];
  try {
    rows = parseCsv(input.csv);
  } catch (error) {
    throw enrolmentErrors.csvInvalid((error as Error).message);
  }
  if (rows.length < 2) throw enrolmentErrors.csvInvalid('The file has no data rows');
  if (rows.length - 1 > MAX_ROWS) throw enrolmentErrors.csvInvalid(`At most ${MAX_ROWS} rows per file`);
  const columns = header(rows[0]!);
  const cohort = await cohortForEnrolment(deps.db, input.cohortId);
  const results: CsvRowResult[] = [];
  for (const [i, row] of rows.slice(1).entries()) {
    const line = i + 2;
    const address = (row[columns.email] ?? '').trim().toLowerCase();
    const result = await enrolRow(deps, { cohort, address, name: columns.name >= 0 ? row[columns.name]?.trim() : undefined, locale: columns.locale >= 0 ? row[columns.locale]?.trim() : undefined, principal: input.principal });
    results.push({ line, email: address, ...result });
  }
  await recordAudit(deps.db, { actor: input.principal, action: 'enrolment.csv_imported', subjectType: 'cohort', subjectId: cohort.id, details: countBy(results) });
  return { summary: countBy(results), rows: results };
}

function countBy(results: CsvRowResult[]) {
  return { enrolled: results.filter((r) => r.result === 'enrolled').length, alreadyEnrolled: results.filter((r) => r.result === 'already_enrolled').length, invalid: results.filter((r) => r.result === 'invalid').length };
}

async function enrolRow(
  deps: Pick<Deps, 'db' | 'config' | 'secrets' | 'clock'>,
  input: { cohort: Awaited<ReturnType<typeof cohortForEnrolment>>; address: string; name?: string; locale?: string; principal: Extract<Principal, { kind: 'person' }> },
): Promise<Omit<CsvRowResult, 'line' | 'email'>> {
  if (!email.safeParse(input.address).success) return { result: 'invalid', reason: 'not an email address' };
  if (input.locale && !locale.safeParse(input.locale).success) return { result: 'invalid', reason: 'locale must be fr, nl, de or en' };
  try {
    return await deps.db.transaction().execute(async (trx) => {
      let person = await trx.selectFrom('people').select(['id', 'email', 'roles', 'organisation_id', 'erased_at']).where((eb) => eb(eb.fn('lower', ['email']), '=', input.address)).executeTakeFirst();
      if (!person) {
        if (!input.name) return { result: 'invalid' as const, reason: 'unknown person: add a displayName column to create them' };
        person = await trx
          .insertInto('people')
          .values({ email: input.address, display_name: input.name, locale: (input.locale as Locale | undefined) ?? 'fr', organisation_id: input.cohort.organisation_id, roles: ['learner'] })
          .returning(['id', 'email', 'roles', 'organisation_id', 'erased_at'])
          .executeTakeFirstOrThrow();
      }
      if (person.erased_at || !person.roles.includes('learner')) return { result: 'invalid' as const, reason: 'not an active learner' };
      if (input.cohort.organisation_id && person.organisation_id !== input.cohort.organisation_id) return { result: 'invalid' as const, reason: 'belongs to another organisation' };
      const prerequisite = input.cohort.prerequisite_programme_code
        ? await checkPrerequisite(deps, { personId: person.id, email: person.email, programmeCode: input.cohort.prerequisite_programme_code })
        : null;
      const enrolment = await insertEnrolment(trx, { cohortId: input.cohort.id, personId: person.id, status: 'approved', holdsSeat: true, prerequisite });
      await takeSeat(trx, input.cohort.id);
      await trx.insertInto('enrolment_events').values({ enrolment_id: enrolment.id, from_status: null, to_status: 'approved', actor_kind: 'person', actor_id: input.principal.id, reason: 'enrolled by an admin (CSV)' }).execute();
      return { result: 'enrolled' as const, enrolmentId: enrolment.id };
    });
  } catch (error) {
    if (error instanceof AppError && error.code === 'enrolments.already_enrolled') return { result: 'already_enrolled' };
    if (error instanceof AppError) return { result: 'invalid', reason: error.detail ?? error.title };
    throw error;
  }
}
