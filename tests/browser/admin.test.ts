import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { addDays, todayInBrussels } from '../../services/cohorts/cohort-dates.ts';
import { signAccessToken } from '../../services/shared/auth.ts';
import { SESSION_COOKIE } from '../../web/pages/session.ts';
import { buildCohort, buildEnrolment, buildOrganisation, buildPerson, buildProgramme, buildWebinarSession } from '../helpers/factories.ts';
import { clientToken } from '../helpers/vc-api.ts';
import { issueBadge, type IssuedBadge } from '../web/badges.ts';
import { launchChromium, screenshot, seriousAccessibilityViolations, serveApp, type Browser } from './harness.ts';

// Browser globals, for the functions run inside the page by page.evaluate (this project has no DOM lib).
declare const document: any;

const served = await serveApp();
const { deps } = served;
const token = await clientToken(served.app, deps);
const url = (p: string) => `${served.origin}${p}`;
let browser: Browser;

const today = todayInBrussels(new Date());
const namur = await buildOrganisation(deps.db, { name: 'Commune de Namur' });
const admin = await buildPerson(deps.db, { roles: ['admin'], displayName: 'Ada Admin' });
const { version } = await buildProgramme(deps.db, { version: { moduleCount: 3, requiredWebinars: 3 } });
const facilitator = await buildPerson(deps.db, { roles: ['facilitator'], displayName: 'Fiona Facilitator' });
const cohort = await buildCohort(deps.db, { programmeVersionId: version.id, startsOn: addDays(today, -60), endsOn: addDays(today, 9), capacity: 12, facilitatorIds: [facilitator.id] });
const webinar = await buildWebinarSession(deps.db, { cohortId: cohort.id, facilitatorId: facilitator.id, title: 'Accompagner sur MyMinfin', startsAt: new Date(Date.now() - 3_600_000) });
let badge: IssuedBadge;

async function learner(name: string, status: 'requested' | 'active' | 'completed') {
  const person = await buildPerson(deps.db, { displayName: name, organisationId: namur.id, managerId: admin.id });
  const enrolment = await buildEnrolment(deps.db, { cohortId: cohort.id, personId: person.id, status });
  return { person, enrolment };
}

beforeAll(async () => {
  browser = await launchChromium();
  const sessionToken = await signAccessToken(deps.secrets.sessionKey, { kind: 'person', id: admin.id, roles: ['admin'], organisationId: null }, { ttlSeconds: 3600, now: new Date() });
  await browser.context.addCookies([{ name: SESSION_COOKIE, value: sessionToken, url: served.origin, httpOnly: true, sameSite: 'Lax' }]);
  for (const [name, status] of [['Marie Dubois', 'active'], ['Jan Peeters', 'completed'], ['Lukas Schmitz', 'active']] as const) {
    const { enrolment } = await learner(name, status);
    await deps.db.insertInto('webinar_bookings').values({ session_id: webinar.id, enrolment_id: enrolment.id }).execute();
  }
  badge = await issueBadge(served.app, deps, token);
  const holder = await buildPerson(deps.db, { displayName: 'Sofie Janssens' });
  await deps.db.updateTable('credentials').set({ holder_person_id: holder.id }).where('id', '=', badge.id).execute();
});
afterAll(async () => {
  await browser?.close();
  await served.close();
});

/** A new tab that records CSP violations (none may ever happen on our pages). */
async function openPage(): Promise<{ page: Page; cspErrors: string[] }> {
  const page = await browser.context.newPage();
  const cspErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) cspErrors.push(message.text());
  });
  return { page, cspErrors };
}

async function statusOf(enrolmentId: string) {
  return (await deps.db.selectFrom('enrolments').select('status').where('id', '=', enrolmentId).executeTakeFirstOrThrow()).status;
}

describe('admin console in the browser', () => {
  it('an admin approves an enrolment request with the mouse, then rejects one with the keyboard only', async () => {
    const first = await learner('Amélie Lambert', 'requested');
    const second = await learner('Pieter De Smet', 'requested');
    const { page, cspErrors } = await openPage();
    await page.goto(url('/admin/enrolments?lang=en'));
    await page.getByRole('button', { name: 'Approve the request of Amélie Lambert' }).click();
    await page.waitForURL(/\/admin\/enrolments\?decided=/);
    await expect.poll(() => page.getByRole('status').textContent()).toContain('The enrolment of Amélie Lambert is approved.');
    expect(await statusOf(first.enrolment.id)).toBe('approved');
    await screenshot(page, 'admin-enrolment-approved');

    // Keyboard only: the reason field is reached with Tab, the reject button too, Enter submits.
    await page.locator(`#reason-${second.enrolment.id}`).focus();
    await page.keyboard.type('The training plan of this year is full');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Reject');
    await Promise.all([page.waitForURL(new RegExp(`decided=${second.enrolment.id}`)), page.keyboard.press('Enter')]);
    expect(await statusOf(second.enrolment.id)).toBe('rejected');
    expect(cspErrors).toEqual([]);
    await page.close();
  });

  it('an admin revokes a badge with a reason after the confirm step; the public page then says it is revoked', async () => {
    const { page, cspErrors } = await openPage();
    await page.goto(url('/admin/credentials?lang=en'));
    await page.getByLabel('Holder name or credential id').fill('Janssens');
    await Promise.all([page.waitForURL(/q=Janssens/), page.keyboard.press('Enter')]);
    await page.getByRole('link', { name: 'Manage the credential of Sofie Janssens' }).click();
    await page.getByRole('link', { name: 'Revoke' }).click();
    await page.waitForURL(/action=revoke/);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'admin-revoke-confirm');

    // An empty reason is refused with an error summary that takes the focus.
    await page.getByRole('button', { name: 'Revoke the credential' }).click();
    await expect.poll(() => page.locator('.error-summary').textContent()).toContain('Give the reason for this change.');
    await page.getByLabel('Reason').fill('Issued to the wrong person');
    await page.getByRole('button', { name: 'Revoke the credential' }).click();
    await page.waitForURL(/changed=revoke/);
    expect(await page.getByRole('status').textContent()).toContain('The credential is revoked.');
    expect(await page.locator('#history-table').textContent()).toContain('Issued to the wrong person');

    await page.goto(url(`/verify/${badge.id}?lang=en`));
    expect(await page.locator('h1').first().textContent()).toContain('Not valid');
    expect(cspErrors).toEqual([]);
    await page.close();
  });

  it('an admin opens a cohort through the form: dates, seats, scope and a facilitator ticked, then lands on it', async () => {
    const { page } = await openPage();
    await page.goto(url('/admin?lang=en'));
    await Promise.all([page.waitForURL(/\/admin\/cohorts\/new/), page.getByRole('link', { name: 'Open a cohort' }).click()]);
    const startsOn = addDays(today, 21);
    await page.getByLabel('Starts on').fill(startsOn);
    await page.getByLabel('Ends on').fill(addDays(startsOn, 45));
    await page.getByLabel('Seats').fill('16');
    await page.getByLabel('Open to').selectOption({ label: 'Commune de Namur' });
    await page.getByLabel('Fiona Facilitator').check();
    await screenshot(page, 'admin-cohort-new');
    await Promise.all([page.waitForURL(/created=1/), page.getByRole('button', { name: 'Open the cohort' }).click()]);
    expect(await page.getByText('The cohort is open.').isVisible()).toBe(true);
    const opened = await deps.db.selectFrom('cohorts').selectAll().where('starts_on', '=', startsOn).where('capacity', '=', 16).executeTakeFirstOrThrow();
    expect(opened.organisation_id).toBe(namur.id);
    expect(page.url()).toContain(`/admin/cohorts/${opened.id}`);
    await page.close();
  });

  it('records attendance with the keyboard (Space ticks a box)', async () => {
    const { page } = await openPage();
    await page.goto(url(`/admin/sessions/${webinar.id}?lang=en`));
    await page.getByLabel('Marie Dubois attended').focus();
    await page.keyboard.press('Space');
    await page.getByLabel('Jan Peeters attended').focus();
    await page.keyboard.press('Space');
    await page.getByRole('button', { name: 'Record attendance' }).focus();
    await Promise.all([page.waitForURL(/recorded=1/), page.keyboard.press('Enter')]);
    const rows = await deps.db.selectFrom('webinar_bookings').select('attended').where('session_id', '=', webinar.id).execute();
    expect(rows.map((r) => r.attended).sort()).toEqual([false, true, true]);
    await page.close();
  });

  it('has no serious or critical accessibility violation on any console page, and no CSP violation', async () => {
    const paths = [
      '/admin', '/admin/cohorts/new', `/admin/cohorts/${cohort.id}`, `/admin/cohorts/${cohort.id}/import`, `/admin/cohorts/${cohort.id}/sessions`, '/admin/sessions',
      `/admin/sessions/${webinar.id}`, '/admin/enrolments', '/admin/marking', '/admin/credentials', `/admin/credentials/${badge.id}`, '/admin/audit',
    ];
    const { page, cspErrors } = await openPage();
    for (const p of paths) {
      for (const lang of ['en', 'fr']) {
        const res = await page.goto(url(`${p}?lang=${lang}`));
        expect(res?.status(), p).toBe(200);
        expect(await seriousAccessibilityViolations(page), `${p} (${lang})`).toEqual([]);
      }
    }
    expect(cspErrors).toEqual([]);
    await page.close();
  });

  it('reflows at 200% zoom without horizontal scrolling of the page itself', async () => {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 640, height: 900 });
    await page.goto(url(`/admin/cohorts/${cohort.id}?lang=en`));
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(1);
    await page.close();
  });

  it('takes the screenshot of a cohort for the docs', async () => {
    const { page } = await openPage();
    await page.goto(url(`/admin/cohorts/${cohort.id}?lang=en`));
    expect(await page.locator('h1').textContent()).toContain('Cohort');
    const file = await screenshot(page, 'admin-cohort');
    // The docs copy is refreshed on request only, so a test run never leaves the work tree changed.
    if (process.env.UPDATE_DOCS_SCREENSHOTS) {
      const docs = path.resolve(import.meta.dirname, '../../docs/screenshots');
      await mkdir(docs, { recursive: true });
      await copyFile(file, path.join(docs, 'admin-cohort.png'));
    }
    await page.goto(url('/admin?lang=en'));
    await screenshot(page, 'admin-dashboard');
    await page.close();
  });
});
