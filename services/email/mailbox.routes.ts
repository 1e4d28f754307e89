import { z } from 'zod';
import { defineRoute, type RouteDefinition } from '../shared/routes.ts';
import { mailboxPage } from './mailbox.views.ts';
import type { SmtpSink } from './smtp-sink.ts';

const message = z.object({
  id: z.number(),
  receivedAt: z.string(),
  to: z.array(z.string()),
  subject: z.string(),
  text: z.string(),
  language: z.string().nullable(),
});

/**
 * The local mailbox, mounted only on the embedded default (no SMTP_URL), where
 * a local SMTP sink receives every email: a person trying Brevet on their
 * machine reads their sign-in link here. Never mounted with a real mail server.
 */
export function mailboxRoutes(sink: SmtpSink): RouteDefinition<any, any, any>[] {
  return [
    defineRoute({
      method: 'get',
      path: '/dev/mailbox',
      operationId: 'getLocalMailbox',
      summary: 'Local mailbox of the embedded default (development only)',
      tags: ['Development'],
      access: 'public',
      responses: { 200: { description: 'The received emails, newest first', contentType: 'text/html' } },
      handler: async ({ c }) => {
        c.header('Cache-Control', 'no-store');
        return c.html(mailboxPage(sink.messages()));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/dev/mailbox/messages',
      operationId: 'listLocalMailboxMessages',
      summary: 'Local mailbox as JSON (development only)',
      tags: ['Development'],
      access: 'public',
      responses: { 200: { description: 'The received emails, oldest first', schema: z.object({ messages: z.array(message) }) } },
      handler: ({ c }) => {
        c.header('Cache-Control', 'no-store');
        const messages = sink.messages().map(({ html: _html, from: _from, messageId: _id, ...m }) => ({ ...m, receivedAt: m.receivedAt.toISOString() }));
        return c.json({ messages });
      },
    }),
  ];
}
