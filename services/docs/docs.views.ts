import { html } from 'hono/html';

interface Operation {
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  parameters?: Array<{ name: string; in: string; required: boolean }>;
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<string, { description: string }>;
}

interface Document {
  info: { title: string; version: string; description: string };
  paths: Record<string, Record<string, unknown>>;
}

const styles = `
  body { font: 16px/1.5 system-ui, sans-serif; margin: 0 auto; max-width: 60rem; padding: 1rem; color: #1b1b1b; }
  h1 { font-size: 1.6rem; } h2 { font-size: 1.25rem; margin-top: 2rem; border-bottom: 1px solid #ccc; }
  .op { border: 1px solid #ccc; border-radius: 6px; margin: 1rem 0; padding: .75rem 1rem; }
  .method { font-weight: 700; text-transform: uppercase; display: inline-block; min-width: 4rem; }
  code, pre { font-family: ui-monospace, monospace; } pre { background: #f4f4f4; padding: .5rem; overflow: auto; }
  a { color: #0b4f9c; }
`;

/** A server-rendered API reference (no external scripts); every value is escaped by hono/html. */
export function apiReferencePage(document: Document) {
  const byTag = new Map<string, Array<{ path: string; method: string; op: Operation }>>();
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const [method, value] of Object.entries(methods)) {
      const op = value as Operation;
      const tag = op.tags[0] ?? 'Other';
      byTag.set(tag, [...(byTag.get(tag) ?? []), { path, method, op }]);
    }
  }
  return html`<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${document.info.title} reference</title><style>${styles}</style></head>
<body><main>
<h1>${document.info.title} <small>${document.info.version}</small></h1>
<p>${document.info.description}</p>
<p>Machine-readable: <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1). Errors are RFC 9457 <code>application/problem+json</code> with a stable <code>code</code>.</p>
${[...byTag.entries()].map(
  ([tag, ops]) => html`<h2>${tag}</h2>
${ops.map(
  ({ path, method, op }) => html`<section class="op" id="${op.operationId}">
<div><span class="method">${method}</span> <code>${path}</code></div>
<p><strong>${op.summary}</strong></p>
${op.description ? html`<p>${op.description}</p>` : ''}
${op.parameters?.length ? html`<p>Parameters: ${op.parameters.map((p) => html`<code>${p.name}</code> (${p.in}${p.required ? ', required' : ''}) `)}</p>` : ''}
${op.requestBody ? html`<details><summary>Request body</summary><pre>${JSON.stringify(op.requestBody.content, null, 2)}</pre></details>` : ''}
<p>Responses: ${Object.entries(op.responses).map(([status, r]) => html`<code>${status}</code> ${r.description}; `)}</p>
</section>`,
)}`,
)}
</main></body></html>`;
}
