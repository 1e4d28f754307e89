/**
 * RDFC-1.0 for a filled template, precomputed. Every N-Quads fragment is produced by
 * rdf-canonize's own serialiser (NQuads.serializeQuadComponents) at compile time; per document
 * only the slot values are escaped (by the same serialiser when they need it) and spliced in.
 * This runs the algorithm's simple path: when every blank node's first-degree hash is unique
 * (spec 4.4 steps 5.3-5.4) the canonical labels follow the sorted hashes and the work ends.
 * When two hashes collide (Hash N-Degree Quads needed) it returns undefined and the caller
 * runs rdf-canonize itself on the dataset.
 */
import { hash } from 'node:crypto';
import { NQuads } from 'rdf-canonize';
import type { RdfTerm } from 'jsonld';
import type { Template, TemplateQuad } from './compile.ts';
import type { Leaf } from './shape.ts';

const XSD_STRING = 'http://www.w3.org/2001/XMLSchema#string';
const DEFAULT_GRAPH: RdfTerm = { termType: 'DefaultGraph', value: '' };
const PROBE_PREDICATE: RdfTerm = { termType: 'NamedNode', value: 'urn:p' };
const blank = (value: string): RdfTerm => ({ termType: 'BlankNode', value });
const serialize = (s: RdfTerm, p: RdfTerm, o: RdfTerm): string => NQuads.serializeQuadComponents(s, p, o, DEFAULT_GRAPH);

// What rdf-canonize escapes (NQuads.js _stringLiteralEscapeRegex / _iriEscapeRegex): only a
// value matching these goes through its serialiser; tests/credentials/fast-rdfc.test.ts checks
// the copies against it for every UTF-16 code unit.
export const LITERAL_NEEDS_ESCAPE = /[\u0000-\u001F\u007F"\\]/;
export const IRI_NEEDS_ESCAPE = /[\u0000-\u0020<>"{}|^`\\]/;

/** A term position: fixed text, a blank node (index into the template's blank nodes), or a slot. */
type Part = { text: string } | { blank: number } | { iri: number } | { literal: number; suffix: string };

interface Line { subject: Part; predicate: string; object: Part }

export interface CompiledRdfc {
  lines: Line[];
  /** For each blank node, the lines that mention it (each once). */
  linesOfBlank: number[][];
}

/** Precomputes the N-Quads fragments of a template; undefined for named graphs (not ours). */
export function compileRdfc(template: Template): CompiledRdfc | undefined {
  const blanks = new Map<string, number>();
  const blankIndex = (label: string) => {
    if (!blanks.has(label)) blanks.set(label, blanks.size);
    return blanks.get(label)!;
  };
  const lines: Line[] = [];
  const linesOfBlank: number[][] = [];
  for (const quad of template.quads) {
    if (quad.graph.termType !== 'DefaultGraph') return undefined;
    const predicate = serialize(blank('s'), quad.predicate, blank('o')).slice(3, -6);
    const subject = subjectPart(quad, blankIndex);
    const object = objectPart(quad, blankIndex, predicate);
    const index = lines.push({ subject, predicate, object }) - 1;
    const mentioned = [subject, object].filter((part) => 'blank' in part).map((part) => (part as { blank: number }).blank);
    for (const blankNode of new Set(mentioned)) (linesOfBlank[blankNode] ??= []).push(index);
  }
  return { lines, linesOfBlank };
}

function subjectPart(quad: TemplateQuad, blankIndex: (label: string) => number): Part {
  if (typeof quad.subject === 'number') return { iri: quad.subject };
  if (quad.subject.termType === 'BlankNode') return { blank: blankIndex(quad.subject.value) };
  const line = serialize(quad.subject, PROBE_PREDICATE, blank('o'));
  return { text: line.slice(0, line.indexOf(' <urn:p> ')) };
}

function objectPart(quad: TemplateQuad, blankIndex: (label: string) => number, predicate: string): Part {
  const strip = (line: string) => line.slice(3 + predicate.length, -3);
  if (typeof quad.object === 'number') {
    if (!quad.literal) return { iri: quad.object };
    const empty: RdfTerm = { termType: 'Literal', value: '', ...quad.literal };
    return { literal: quad.object, suffix: strip(serialize(blank('s'), quad.predicate, empty)).slice(2) };
  }
  if (quad.object.termType === 'BlankNode') return { blank: blankIndex(quad.object.value) };
  return { text: strip(serialize(blank('s'), quad.predicate, quad.object)) };
}

/** Canonical N-Quads, or undefined when first-degree hashes collide (use rdf-canonize). */
export function canonizeCompiled(compiled: CompiledRdfc, leaves: Leaf[]): string | undefined {
  const values = renderSlots(compiled, leaves);
  const render = (part: Part, label: (blank: number) => string): string => {
    if ('text' in part) return part.text;
    if ('blank' in part) return `_:${label(part.blank)}`;
    return values.get('iri' in part ? part.iri : part.literal)!;
  };
  const line = (l: Line, label: (blank: number) => string) => `${render(l.subject, label)}${l.predicate}${render(l.object, label)} .\n`;
  const hashes = compiled.linesOfBlank.map((indexes, reference): string => {
    const nquads = indexes.map((i) => line(compiled.lines[i]!, (b) => (b === reference ? 'a' : 'z'))).sort();
    // One digest of the joined lines: the same bytes rdf-canonize feeds line by line.
    return hash('sha256', nquads.join(''), 'hex');
  });
  const order = hashes.map((hash, blankNode) => ({ hash, blankNode })).sort((x, y) => (x.hash < y.hash ? -1 : x.hash > y.hash ? 1 : 0));
  const labels: string[] = new Array(hashes.length);
  for (let i = 0; i < order.length; i++) {
    if (i > 0 && order[i]!.hash === order[i - 1]!.hash) return undefined;
    labels[order[i]!.blankNode] = `c14n${i}`;
  }
  return compiled.lines.map((l) => line(l, (b) => labels[b]!)).sort().join('');
}

/** Each slot's N-Quads text: `<iri>` or `"literal"suffix`, escaped by rdf-canonize when needed. */
function renderSlots(compiled: CompiledRdfc, leaves: Leaf[]): Map<number, string> {
  const values = new Map<number, string>();
  for (const { subject, object } of compiled.lines) {
    for (const part of [subject, object]) {
      if ('iri' in part && !values.has(part.iri)) values.set(part.iri, `<${escapeIri(leaves[part.iri] as string)}>`);
      if ('literal' in part) values.set(part.literal, `"${escapeLiteral(leaf(leaves[part.literal]!))}"${part.suffix}`);
    }
  }
  return values;
}

function leaf(value: Leaf): string {
  return typeof value === 'number' ? value.toFixed(0) : value;
}

function escapeLiteral(value: string): string {
  if (!LITERAL_NEEDS_ESCAPE.test(value)) return value;
  const text = serialize(blank('s'), PROBE_PREDICATE, { termType: 'Literal', value, datatype: { termType: 'NamedNode', value: XSD_STRING } });
  return text.slice('_:s <urn:p> "'.length, -'" .\n'.length);
}

function escapeIri(value: string): string {
  if (!IRI_NEEDS_ESCAPE.test(value)) return value;
  const text = serialize({ termType: 'NamedNode', value }, PROBE_PREDICATE, blank('o'));
  return text.slice(1, -' <urn:p> _:o .\n'.length - 1);
}
