import { Kysely, PostgresDialect, type Transaction } from 'kysely';
import pg from 'pg';
import type { CertificationsTable, EnrolmentEventsTable, EnrolmentsTable } from './schema/enrolments.ts';
import type { AssessmentsTable, AttemptsTable, OpenAnswerMarksTable, QuestionsTable } from './schema/assessments.ts';
import type {
  ApiClientsTable,
  AuditEventsTable,
  IssuerKeysTable,
  OrganisationsTable,
  OutboxTable,
  PeopleTable,
} from './schema/foundation.ts';
import type {
  CredentialStatusesTable,
  CredentialsTable,
  StatusChangesTable,
  StatusListPublicationsTable,
  StatusListsTable,
} from './schema/credentials.ts';
import type {
  CohortFacilitatorsTable,
  CohortsTable,
  ProgrammeModulesTable,
  ProgrammeVersionsTable,
  ProgrammesTable,
} from './schema/programmes.ts';
import type { EmailsTable } from './schema/email.ts';
import type { SignInTokensTable } from './schema/identity.ts';
import type { ModuleProgressTable, WebinarBookingsTable, WebinarSessionsTable, XapiStatementsTable } from './schema/learning.ts';

export interface Database {
  organisations: OrganisationsTable;
  people: PeopleTable;
  api_clients: ApiClientsTable;
  issuer_keys: IssuerKeysTable;
  audit_events: AuditEventsTable;
  outbox: OutboxTable;
  credentials: CredentialsTable;
  status_lists: StatusListsTable;
  status_list_publications: StatusListPublicationsTable;
  credential_statuses: CredentialStatusesTable;
  status_changes: StatusChangesTable;
  programmes: ProgrammesTable;
  programme_versions: ProgrammeVersionsTable;
  programme_modules: ProgrammeModulesTable;
  cohorts: CohortsTable;
  cohort_facilitators: CohortFacilitatorsTable;
  emails: EmailsTable;
  sign_in_tokens: SignInTokensTable;
  enrolments: EnrolmentsTable;
  enrolment_events: EnrolmentEventsTable;
  certifications: CertificationsTable;
  assessments: AssessmentsTable;
  questions: QuestionsTable;
  attempts: AttemptsTable;
  open_answer_marks: OpenAnswerMarksTable;
  module_progress: ModuleProgressTable;
  xapi_statements: XapiStatementsTable;
  webinar_sessions: WebinarSessionsTable;
  webinar_bookings: WebinarBookingsTable;
}

export type Db = Kysely<Database>;
/** A database handle that may be a transaction: repositories take this. */
export type Executor = Kysely<Database> | Transaction<Database>;

// bigint (int8) columns come back as strings unless told otherwise; counts fit in a number.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => (Number.isSafeInteger(Number(v)) ? Number(v) : v));
// date columns are calendar days: keep 'YYYY-MM-DD' rather than a Date at local midnight.
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);

export interface DatabaseHandle {
  db: Db;
  pool: pg.Pool;
}

/** Kysely over a pg Pool. Connection failures surface on first use, not here. */
export function createDatabase(connectionString: string, options: { max?: number } = {}): DatabaseHandle {
  const pool = new pg.Pool({
    connectionString,
    max: options.max ?? 10,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
  });
  // An idle client losing its server must not crash the process; the next query reports it.
  pool.on('error', () => undefined);
  return { pool, db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }) };
}

/** True when the error is a unique violation on the named constraint or index. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const e = error as { code?: string; constraint?: string };
  return e?.code === '23505' && (constraint === undefined || e.constraint === constraint);
}
