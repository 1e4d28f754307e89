import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { issuerDid } from '../../services/issuer/issuer.usecases.ts';
import { badgeInput } from '../credentials/fixtures.ts';
import { buildPerson } from '../helpers/factories.ts';
import { clientToken } from '../helpers/vc-api.ts';
import { CRAFTED_MARKUP, issueBadge, revokeBadge, type IssuedBadge } from '../web/badges.ts';
import { launchChromium, screenshot, seriousAccessibilityViolations, serveApp, type Browser } from './harness.ts';

// Browser globals, for the functions run inside the page by page.evaluate (this project has no DOM lib).
declare const document: any;
declare function getComputedStyle(element: unknown): any;

const served = await serveApp();
const token = await clientToken(served.app, served.deps);
let browser: Browser;
let valid: IssuedBadge;

beforeAll(async () => {
  browser = await launchChromium();
  valid = await issueBadge(served.app, served.deps, token);
  const holder = await buildPerson(served.deps.db, { displayName: 'Amélie Dubois' });
  await served.deps.db.updateTable('credentials').set({ holder_person_id: holder.id, shared: true }).where('id', '=', valid.id).execute();
});
afterAll(async () => {
  await browser?.close();
  await served.close();
});
beforeEach(async () => {
  await browser.context.clearCookies();
});

/** A new tab that records CSP violations and dialogs (none may ever happen). */
async function openPage(): Promise<{ page: Page; cspErrors: string[]; dialogs: string[] }> {
  const page = await browser.context.newPage();
  const cspErrors: string[] = [];
  const dialogs: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) cspErrors.push(message.text());
  });
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  return { page, cspErrors, dialogs };
}

const url = (path: string) => `${served.origin}${path}`;

async function expectAccessible(page: Page) {
  expect(await seriousAccessibilityViolations(page)).toEqual([]);
}

/** Whether the focused element shows a focus indicator (an outline or a ring). */
async function focusIsVisible(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const element = document.activeElement;
    if (!element || element === document.body) return false;
    const style = getComputedStyle(element);
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
    const ring = style.boxShadow !== 'none';
    const box = element.getBoundingClientRect();
    return (outline || ring) && box.width > 0 && box.height > 0 && box.bottom > 0;
  });
}

async function focused(page: Page) {
  return page.evaluate(() => {
    const element = document.activeElement;
    return { tag: element?.tagName.toLowerCase() ?? '', id: element?.id ?? '', href: element?.getAttribute('href') ?? '', className: element?.className ?? '', type: element?.getAttribute('type') ?? '' };
  });
}

async function pasteAndSubmit(page: Page, text: string) {
  await page.goto(url('/verify?lang=en'));
  await page.locator('#credential').fill(text);
  await Promise.all([page.waitForURL(url('/verify')), page.getByRole('button', { name: 'Check this badge' }).click()]);
}

describe('an employer checks a badge in the browser', () => {
  it('sees a valid badge: the outcome first, then the achievement, the shared name, the issuer and every check', async () => {
    const { page, cspErrors } = await openPage();
    const res = await page.goto(url(`/verify/${valid.id}?lang=en`));
    expect(res?.status()).toBe(200);
    expect(await page.locator('main :is(h1, h2)').first().innerText()).toContain('Valid');
    expect(await page.locator('h1').count()).toBe(1);
    await expect.poll(() => page.getByText('This badge is genuine').isVisible()).toBe(true);
    for (const text of ['Connectoo basic', 'Amélie Dubois', 'Protecting personal data and privacy', 'Brevet']) {
      expect(await page.locator('main').getByText(text, { exact: true }).first().isVisible(), text).toBe(true);
    }
    expect(await page.locator('main').innerText()).toContain(`did:web:127.0.0.1%3A${new URL(served.origin).port}`);
    expect(await page.locator('li[data-check]').count()).toBe(9);
    expect(await page.locator('li[data-check][data-status="failed"]').count()).toBe(0);
    expect(await page.locator('li[data-check="signature"]').innerText()).toContain('Passed');
    expect(await page.locator('.qr__code svg').isVisible()).toBe(true);
    // The enhancement script ran under the CSP: the print button is revealed.
    expect(await page.getByRole('button', { name: 'Print' }).isVisible()).toBe(true);
    expect(cspErrors).toEqual([]);
    await expectAccessible(page);
    const file = await screenshot(page, 'verify-valid');
    if (process.env.UPDATE_DOCS_SCREENSHOTS) {
      const docs = path.resolve(import.meta.dirname, '../../docs/screenshots');
      await mkdir(docs, { recursive: true });
      await copyFile(file, path.join(docs, 'verify-valid.png'));
    }
    await page.close();
  });

  it('sees a revoked badge as not valid, with the reason', async () => {
    const badge = await issueBadge(served.app, served.deps, token);
    await revokeBadge(served.app, token, badge);
    const { page } = await openPage();
    await page.goto(url(`/verify/${badge.id}?lang=en`));
    expect(await page.locator('h1').innerText()).toContain('Not valid');
    expect(await page.locator('#outcome').innerText()).toContain('The issuer has revoked it.');
    expect(await page.locator('li[data-check="not_revoked"]').innerText()).toContain('Failed');
    await expectAccessible(page);
    await screenshot(page, 'verify-revoked');
    await page.close();
  });

  it('pastes a tampered badge into the form and is told it is not valid: the signature check failed', async () => {
    const tampered = structuredClone(valid.vc);
    tampered.credentialSubject.result[0].value = '100';
    const { page } = await openPage();
    await page.goto(url('/verify?lang=en'));
    await expectAccessible(page);
    await screenshot(page, 'verify-form');
    await pasteAndSubmit(page, JSON.stringify(tampered, null, 2));
    expect(await page.locator('h1').innerText()).toContain('Not valid');
    expect(await page.locator('#outcome').innerText()).toContain('Its signature does not match');
    expect(await page.locator('li[data-check="signature"]').getAttribute('data-status')).toBe('failed');
    expect(await page.locator('li[data-check="signature"]').innerText()).toContain('Failed');
    await expectAccessible(page);
    await screenshot(page, 'verify-tampered');
    await page.close();
  });

  it('uploads a badge file through the form', async () => {
    const { page } = await openPage();
    await page.goto(url('/verify?lang=en'));
    await page.locator('#file').setInputFiles({ name: 'badge.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(valid.vc)) });
    await Promise.all([page.waitForURL(url('/verify')), page.getByRole('button', { name: 'Check this badge' }).click()]);
    expect(await page.locator('h1').innerText()).toContain('Valid');
    expect(await page.locator('#holder').innerText()).toContain('hashed email address');
    await page.close();
  });

  it('shows markup held in a badge as text and never runs it', async () => {
    const did = await issuerDid(served.deps);
    const input = badgeInput(did);
    const crafted = await issueBadge(served.app, served.deps, token, {
      issuer: { id: did, name: CRAFTED_MARKUP, url: 'javascript:alert(1)' },
      achievement: { ...input.achievement, name: CRAFTED_MARKUP, description: CRAFTED_MARKUP },
    });
    const { page, dialogs, cspErrors } = await openPage();
    await pasteAndSubmit(page, JSON.stringify(crafted.vc));
    expect(await page.locator('h1').innerText()).toContain('Valid');
    expect(await page.locator('#achievement dd').first().innerText()).toBe(CRAFTED_MARKUP);
    expect(await page.locator('#issuer dd').first().innerText()).toBe(CRAFTED_MARKUP);
    expect(await page.locator('main img, main b, script:not([src])').count()).toBe(0);
    expect(await page.locator('a[href^="javascript:"]').count()).toBe(0);
    await page.goto(url(`/verify/${crafted.id}`));
    expect(await page.locator('#achievement dd').first().innerText()).toBe(CRAFTED_MARKUP);
    await page.waitForTimeout(300);
    expect(dialogs).toEqual([]);
    expect(cspErrors).toEqual([]);
    await screenshot(page, 'verify-crafted');
    await page.close();
  });

  it('answers an unknown link with a friendly page and a 404', async () => {
    const { page } = await openPage();
    const res = await page.goto(url('/verify/00000000-0000-4000-8000-000000000000?lang=en'));
    expect(res?.status()).toBe(404);
    expect(await page.locator('h1').innerText()).toBe('Badge not found');
    await expectAccessible(page);
    await screenshot(page, 'verify-not-found');
    await page.close();
  });
});

describe('the accessibility check itself', () => {
  it('reports an unlabelled field as a serious or critical violation (axe is really running)', async () => {
    const { page } = await openPage();
    await page.setContent('<!DOCTYPE html><html lang="en"><head><title>t</title></head><body><main><input type="text"></main></body></html>');
    expect((await seriousAccessibilityViolations(page)).map((v) => v.id)).toContain('label');
    await page.close();
  });
});

describe('language, keyboard, zoom and print', () => {
  it('switches to Dutch and remembers it on the next visit', async () => {
    const { page } = await openPage();
    await page.goto(url(`/verify/${valid.id}`));
    expect(await page.locator('html').getAttribute('lang')).toBe('fr-BE');
    expect(await page.locator('h1').innerText()).toContain('Valide');
    await Promise.all([page.waitForURL(/lang=nl/), page.getByRole('link', { name: 'Nederlands' }).click()]);
    expect(await page.locator('html').getAttribute('lang')).toBe('nl-BE');
    expect(await page.locator('h1').innerText()).toContain('Geldig');
    expect(await page.getByRole('link', { name: 'Nederlands' }).getAttribute('aria-current')).toBe('true');
    await expectAccessible(page);
    await screenshot(page, 'verify-nl');
    await page.goto(url('/verify'));
    expect(await page.locator('html').getAttribute('lang')).toBe('nl-BE');
    expect(await page.locator('h1').innerText()).toBe('Een badge controleren');
    await page.close();
  });

  it('works with the keyboard alone: skip link, language switch and form controls, each with a visible focus', async () => {
    const { page } = await openPage();
    await page.goto(url('/verify?lang=en'));
    await page.keyboard.press('Tab');
    expect((await focused(page)).className).toContain('skip-link');
    expect(await focusIsVisible(page)).toBe(true);
    await page.keyboard.press('Enter');
    expect((await focused(page)).id).toBe('main');

    await page.goto(url('/verify?lang=en'));
    const stops: Array<Awaited<ReturnType<typeof focused>> & { visible: boolean }> = [];
    for (let i = 0; i < 20; i++) {
      await page.keyboard.press('Tab');
      const stop = { ...(await focused(page)), visible: await focusIsVisible(page) };
      stops.push(stop);
      if (stop.tag === 'button') break;
    }
    const languages = stops.filter((s) => s.href.includes('lang='));
    expect(languages.map((s) => s.href)).toEqual(['/verify?lang=fr', '/verify?lang=nl', '/verify?lang=de', '/verify?lang=en']);
    const controls = stops.filter((s) => ['credential', 'file'].includes(s.id) || s.tag === 'button').map((s) => s.id || s.type);
    expect(controls).toEqual(['credential', 'file', 'submit']);
    expect(stops.filter((s) => !s.visible)).toEqual([]);

    // Fill and send the form without the mouse: a bad input comes back with the error first.
    await page.locator('#credential').focus();
    await page.keyboard.type('not a badge');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    const [response] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.keyboard.press('Enter')]);
    expect(response.status()).toBe(400);
    await page.waitForLoadState();
    expect(await page.locator('.error-summary').innerText()).toContain('neither JSON nor a JWT');
    // The enhancement script puts the focus on the summary, so the problem is read first.
    await expect.poll(async () => (await focused(page)).className).toContain('error-summary');
    expect(await page.locator('#credential').inputValue()).toBe('not a badge');
    expect(await page.locator('#credential').getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page);
    await screenshot(page, 'verify-form-error');
    await page.close();
  });

  it('reflows at 200% zoom (a 640 px wide window) without horizontal scrolling', async () => {
    const { page } = await openPage();
    await page.setViewportSize({ width: 640, height: 900 });
    for (const path of [`/verify/${valid.id}?lang=de`, '/verify']) {
      await page.goto(url(path));
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, path).toBeLessThanOrEqual(0);
    }
    await page.goto(url(`/verify/${valid.id}`));
    await screenshot(page, 'verify-valid-640px');
    await page.close();
  });

  it('prints without the navigation and the buttons', async () => {
    const { page } = await openPage();
    await page.goto(url(`/verify/${valid.id}?lang=en`));
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('nav.languages').isVisible()).toBe(false);
    expect(await page.locator('.actions').isVisible()).toBe(false);
    expect(await page.locator('#outcome').isVisible()).toBe(true);
    expect(await page.locator('.qr__code svg').isVisible()).toBe(true);
    await page.emulateMedia({ media: 'screen' });
    await page.goto(url(`/verify/${valid.id}?print=1`));
    expect(await page.locator('nav.languages').isVisible()).toBe(false);
    await screenshot(page, 'verify-print');
    await page.close();
  });
});
