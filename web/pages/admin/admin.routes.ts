import { Hono } from 'hono';
import type { AppEnv } from '../../../services/shared/routes.ts';
import { pageHeaders } from '../page.ts';
import { approvalPages } from './approvals.tsx';
import { auditPages } from './audit.tsx';
import { cohortPages } from './cohort.tsx';
import { newCohortPages } from './cohort-new.tsx';
import { credentialPages } from './credentials.tsx';
import { csvImportPages } from './csv-import.tsx';
import { dashboardPages } from './dashboard.tsx';
import { markingPages } from './marking.tsx';
import { queuePages } from './queues.ts';
import { rosterPages } from './roster.tsx';
import { sessionPages } from './sessions.tsx';

/**
 * The admin console under /admin: server-rendered, working without JavaScript, the role of
 * the signed-in person checked on every request (admins; managers for their agents' enrolment
 * requests; assessors for the marking queue; facilitators for their sessions). Every form that
 * changes something is a POST with a CSRF token, answered 303 to its result page. The job
 * queues dashboard (Bull Board) has its own route and Content-Security-Policy.
 */
export function adminPages(): Hono<AppEnv> {
  const admin = new Hono<AppEnv>();
  admin.route('/queues', queuePages());
  const pages = new Hono<AppEnv>();
  pages.use('*', pageHeaders);
  dashboardPages(pages);
  newCohortPages(pages);
  cohortPages(pages);
  csvImportPages(pages);
  approvalPages(pages);
  sessionPages(pages);
  rosterPages(pages);
  markingPages(pages);
  credentialPages(pages);
  auditPages(pages);
  admin.route('/', pages);
  return admin;
}
