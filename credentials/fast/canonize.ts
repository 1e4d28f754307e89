/**
 * Fills a template with a document's leaves and canonicalises the result with rdf-canonize's
 * own RDFC-1.0 and N-Quads code: the same dataset jsonld.toRDF would have produced, so the
 * same canonical N-Quads. Returns undefined when a guard says jsonld could have done otherwise.
 */
import { hash } from 'node:crypto';
import { createRequire } from 'node:module';
import type { RdfQuad, RdfTerm } from 'jsonld';
import { _canonizeSync } from 'rdf-canonize';
import type { Template } from './compile.ts';
import type { Leaf } from './shape.ts';

const require = createRequire(import.meta.url);
// jsonld.js's own absolute-IRI test (lib/url.js): what it keeps and what toRDF drops.
const { isAbsolute } = require('jsonld/lib/url.js') as { isAbsolute: (value: unknown) => boolean };

/**
 * Whether jsonld.js expands `value` to itself in an `@id` or `@vocab` position under contexts
 * defining `terms` (every key of the context documents, a superset of the active terms): not a
 * keyword or keyword-like, not a term, not a blank node id, not a compact IRI, and absolute.
 */
export function isVerbatimIri(value: string, terms: ReadonlySet<string>): boolean {
  if (value.length === 0 || value.startsWith('@') || terms.has(value)) return false;
  const colon = value.indexOf(':');
  if (colon <= 0) return false;
  const prefix = value.slice(0, colon);
  if (prefix === '_') return false;
  // jsonld keeps `prefix://...` whatever the prefix; otherwise a defined prefix expands.
  if (!value.startsWith('//', colon + 1) && terms.has(prefix)) return false;
  return isAbsolute(value);
}

/** isVerbatimIri under `terms`, remembered for the last few thousand values (IRIs repeat across badges). */
export function verbatimIriMemo(terms: ReadonlySet<string>, size = 4_096): (value: string) => boolean {
  let memo = new Map<string, boolean>();
  return (value) => {
    let known = memo.get(value);
    if (known === undefined) {
      if (memo.size >= size) memo = new Map();
      known = isVerbatimIri(value, terms);
      memo.set(value, known);
    }
    return known;
  };
}

/**
 * Whether substituting `leaves` into `template` gives what jsonld would: every IRI slot keeps
 * its value verbatim, no two nodes share an id, no property of a node gets one value twice.
 * `verbatim`: the context terms (see isVerbatimIri), or a memo of isVerbatimIri under them.
 */
export function guardsPass(template: Template, leaves: Leaf[], verbatim: ReadonlySet<string> | ((value: string) => boolean)): boolean {
  const keeps = typeof verbatim === 'function' ? verbatim : (value: string) => isVerbatimIri(value, verbatim);
  for (const [index, kind] of template.slots) {
    if (kind !== 'iri') continue;
    const value = leaves[index];
    if (typeof value !== 'string' || !keeps(value)) return false;
  }
  return subjectsDistinct(template, leaves) && noCollisions(template, leaves);
}

/** The quads jsonld.toRDF gives for `leaves` (after guardsPass). */
export function fillTemplate(template: Template, leaves: Leaf[]): RdfQuad[] {
  return template.quads.map((quad) => {
    const subject: RdfTerm = typeof quad.subject === 'number' ? { termType: 'NamedNode', value: leaves[quad.subject] as string } : quad.subject;
    let object: RdfTerm;
    if (typeof quad.object !== 'number') object = quad.object;
    else if (quad.literal) object = literalTerm(leaves[quad.object]!, quad.literal);
    else object = { termType: 'NamedNode', value: leaves[quad.object] as string };
    return { subject, predicate: quad.predicate, object, graph: quad.graph };
  });
}

function literalTerm(leaf: Leaf, literal: NonNullable<Template['quads'][number]['literal']>): RdfTerm {
  // A safe integer: jsonld's toRDF writes value.toFixed(0) (the compile checked it lands so).
  const value = typeof leaf === 'number' ? leaf.toFixed(0) : leaf;
  return literal.language === undefined
    ? { termType: 'Literal', value, datatype: literal.datatype }
    : { termType: 'Literal', value, datatype: literal.datatype, language: literal.language };
}

/** Two nodes with one id are merged by jsonld's node map: never let a substitution do that. */
function subjectsDistinct(template: Template, leaves: Leaf[]): boolean {
  if (template.subjectLeaves.length === 0) return true;
  const seen = new Set<unknown>(template.fixedSubjects);
  for (const index of template.subjectLeaves) {
    const value = leaves[index];
    if (seen.has(value)) return false;
    seen.add(value);
  }
  return true;
}

/** jsonld drops a repeated value of one property of one node: the fast path must not keep it. */
function noCollisions(template: Template, leaves: Leaf[]): boolean {
  for (const group of template.collisionGroups) {
    const seen = new Set<string>();
    for (const index of group) {
      const quad = template.quads[index]!;
      const object: RdfTerm = typeof quad.object !== 'number' ? quad.object
        : quad.literal ? literalTerm(leaves[quad.object]!, quad.literal) : { termType: 'NamedNode', value: String(leaves[quad.object]) };
      const key = `${object.termType}\u0000${object.value}\u0000${object.datatype?.value ?? ''}\u0000${object.language ?? ''}`;
      if (seen.has(key)) return false;
      seen.add(key);
    }
  }
  return true;
}

/** RDFC-1.0 canonical N-Quads of a dataset (rdf-canonize, synchronous variant). */
export function canonicalNQuads(dataset: RdfQuad[]): string {
  return _canonizeSync(dataset, { algorithm: 'RDFC-1.0' });
}

/** SHA-256 of the canonical N-Quads, as @digitalbazaar/data-integrity hashes them (UTF-8 string). */
export function sha256(text: string): Buffer {
  return hash('sha256', text, 'buffer');
}
