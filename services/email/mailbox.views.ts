import { html } from 'hono/html';
import type { ReceivedMessage } from './smtp-sink.ts';

const styles = `
  body { font: 16px/1.5 system-ui, sans-serif; margin: 0 auto; max-width: 60rem; padding: 1rem; color: #1b1b1b; }
  article { border: 1px solid #ccc; border-radius: 6px; margin: 1rem 0; padding: .75rem 1rem; }
  h2 { font-size: 1.1rem; margin: 0 0 .25rem; } .meta { color: #4a4a4a; font-size: .9rem; margin: 0 0 .5rem; }
  pre { white-space: pre-wrap; word-break: break-word; background: #f4f4f4; padding: .5rem; }
  a { color: #0b4f9c; } iframe { width: 100%; height: 28rem; border: 1px solid #ccc; }
`;

/** Plain text with its links made clickable; every piece is escaped by hono/html. */
function linkified(text: string) {
  const parts = text.split(/(https?:\/\/[^\s<>"]+)/g);
  return parts.map((part, i) => (i % 2 === 1 ? html`<a href="${part}">${part}</a>` : part));
}

function messageView(message: ReceivedMessage) {
  return html`<article>
    <h2>${message.subject}</h2>
    <p class="meta">To ${message.to.join(', ')} · ${message.receivedAt.toISOString()}${message.language ? ` · ${message.language}` : ''}</p>
    <pre>${linkified(message.text)}</pre>
    <details><summary>HTML version</summary><iframe sandbox title="${message.subject}" srcdoc="${message.html}"></iframe></details>
  </article>`;
}

/** The local mailbox of the embedded default: newest first, so a sign-in link is one click away. */
export function mailboxPage(messages: ReceivedMessage[]) {
  const newestFirst = [...messages].reverse();
  return html`<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Brevet local mailbox</title><style>${styles}</style></head>
<body><main>
  <h1>Local mailbox</h1>
  <p>Every email Brevet sent since it started (local SMTP sink, nothing leaves this machine). Reload to see new ones.</p>
  ${newestFirst.length ? newestFirst.map(messageView) : html`<p>No email yet.</p>`}
</main></body></html>`;
}
