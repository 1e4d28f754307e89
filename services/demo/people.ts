import { eventually, type Api } from './api-client.ts';

interface MailboxMessage {
  id: number;
  to: string[];
  subject: string;
  text: string;
}

/**
 * Signs a person in the way a person does: asks for a link, reads it from the local
 * mailbox (the embedded default's SMTP sink), and exchanges its token for a session.
 */
export async function signIn(api: Api, email: string): Promise<string> {
  const before = await mailbox(api);
  const seen = new Set(before.map((m) => m.id));
  await api.call('POST', '/api/v1/auth/sign-in-links', { body: { email }, expect: 202 });
  const message = await eventually(`the sign-in email to ${email}`, async () =>
    (await mailbox(api)).find((m) => !seen.has(m.id) && m.to.some((t) => t.toLowerCase().includes(email.toLowerCase())) && /token=/.test(m.text)),
  );
  const token = /token=([A-Za-z0-9_-]+)/.exec(message.text)?.[1];
  if (!token) throw new Error(`No sign-in link in the email to ${email}`);
  const session = await api.call('POST', '/api/v1/auth/sessions', { body: { token }, expect: 201 });
  return session.accessToken as string;
}

export async function mailbox(api: Api): Promise<MailboxMessage[]> {
  try {
    return (await api.call('GET', '/dev/mailbox/messages')).messages;
  } catch {
    throw new Error('The demo reads sign-in links from the local mailbox (/dev/mailbox): run the service on its embedded default (no SMTP_URL).');
  }
}

/** Waits for an email to `email` whose subject or text matches. */
export async function waitForEmail(api: Api, email: string, pattern: RegExp): Promise<MailboxMessage> {
  return eventually(`an email to ${email} matching ${pattern}`, async () =>
    (await mailbox(api)).find((m) => m.to.some((t) => t.toLowerCase().includes(email.toLowerCase())) && (pattern.test(m.subject) || pattern.test(m.text))),
  );
}

export interface Cast {
  admin: string;
  organisationId: string;
  people: Record<'manager' | 'learner' | 'facilitator' | 'assessor', { id: string; email: string }>;
}

/** The admin creates an organisation and its people: a manager, a learner, a facilitator, an assessor. */
export async function castPeople(api: Api, adminEmail: string, tag: string): Promise<Cast> {
  const admin = await signIn(api, adminEmail);
  const organisation = await api.call('POST', '/api/v1/organisations', { token: admin, body: { name: `Commune de Démo ${tag}`, kind: 'municipality' } });
  const create = async (role: string, name: string, extra: Record<string, unknown> = {}) => {
    const email = `${role}.${tag}@demo.brevet.local`;
    const person = await api.call('POST', '/api/v1/people', { token: admin, body: { email, displayName: name, locale: 'fr', organisationId: organisation.id, roles: [role], ...extra } });
    return { id: person.id as string, email };
  };
  const manager = await create('manager', 'Marie Manager');
  const learner = await create('learner', 'Luc Learner', { managerId: manager.id });
  const facilitator = await create('facilitator', 'Fatima Facilitator');
  const assessor = await create('assessor', 'Arno Assessor');
  return { admin, organisationId: organisation.id, people: { manager, learner, facilitator, assessor } };
}
