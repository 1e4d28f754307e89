/**
 * RDFC-1.0 for a filled template, precomputed. Every N-Quads fragment is produced by
 * rdf-canonize's own serialiser (NQuads.serializeQuadComponents) at compile time; per document
 * only the slot values are escaped (by the same serialiser when they need it) and spliced in.
 * This runs the algorithm's simple path: when every blank node's first-degree hash is unique
 * (spec 4.4 steps 5.3-5.4) the canonical labels follow the sorted hashes and the work ends.
 * When two hashes collide (Hash N-Degree Quads needed) it returns undefined and the caller
 * runs rdf-canonize itself on the dataset.
 *
 * Sorting N-Quads lines is most of the work when done on whole lines (they share long
 * prefixes), so the line order is mostly decided at compile time. Lines are ordered by subject
 * term, then predicate, then object term: the same order as sorting the lines themselves,
 * because a term never has another term of its kind as a proper prefix followed by a character
 * below the space that follows it in a line (IRIs end at their one `>`, a literal at its
 * closing quote or suffix, labels differ by digits), and predicates are IRIs. What only the
 * document decides (subjects that are slots or labels, objects of one predicate that are slots
 * or labels) is sorted per document on those short terms.
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
// value matching these goes through its serialiser; tests/credentials/fast-codec.test.ts checks
// the copies against it for every UTF-16 code unit.
export const LITERAL_NEEDS_ESCAPE = /[\u0000-\u001F\u007F"\\]/;
export const IRI_NEEDS_ESCAPE = /[\u0000-\u0020<>"{}|^`\\]/;

/**
 * A term position is a code: `>= 0` indexes the document's term table (the template's fixed
 * terms, then its slots rendered for the document), `< 0` is the blank node `~code`.
 */
type Code = number;

/** A line of one subject and predicate, or a run of lines sharing both, ordered per document by object. */
type Item = number | Int32Array;

/** The lines of one subject (or, in a first-degree order, of subjects that print the same). */
interface Group { subject: Code; items: Item[] }

/** How to print and order a set of lines under one blank-node labelling. */
interface Order {
  groups: Group[];
  /** Label of each blank node; empty for the canonical order (labels known per document). */
  labels: string[];
}

/**
 * A first-degree order and what its hash depends on: the slot terms it prints. Many blank
 * nodes print the same for every badge of an achievement (alignments, criteria), so their
 * hashes are remembered by those terms (a few dozen per blank node, and only while that pays).
 */
interface FirstDegree extends Order {
  slotCodes: number[];
  /** The hash when the lines have no slot. */
  constant?: string;
  memo?: { hashes: Map<string, string>; lookups: number; hits: number };
}

const MEMO_SIZE = 64;
const CANONICAL_LABELS = Array.from({ length: 64 }, (_, i) => `_:c14n${i}`);
const MEMO_TRIAL = 256;

export interface CompiledRdfc {
  /** Fixed terms, N-Quads-serialised. Slot k of the document is term `fixed.length + k`. */
  fixed: string[];
  slotLeaf: number[];
  /** For a literal slot, what follows the closing quote (datatype or language); null for an IRI. */
  slotSuffix: (string | null)[];
  subject: Int32Array;
  /** ` <predicate> `, as serialised. */
  predicate: string[];
  object: Int32Array;
  /** First-degree order of each blank node (its lines, itself `_:a`, the others `_:z`). */
  firstDegree: FirstDegree[];
  /** Every line, blank nodes labelled canonically. */
  canonical: Order;
}

/** Precomputes the N-Quads fragments and line orders of a template; undefined for named graphs (not ours). */
export function compileRdfc(template: Template): CompiledRdfc | undefined {
  if (template.quads.some((quad) => quad.graph.termType !== 'DefaultGraph')) return undefined;
  const blanks = new Map<string, number>();
  const fixed: string[] = [];
  const fixedIndex = new Map<string, number>();
  const slots = new Map<string, number>();
  const slotLeaf: number[] = [];
  const slotSuffix: (string | null)[] = [];
  type Part = { fixed: number } | { slot: number } | { blank: number };
  const blankPart = (label: string): Part => {
    if (!blanks.has(label)) blanks.set(label, blanks.size);
    return { blank: blanks.get(label)! };
  };
  const fixedPart = (text: string): Part => {
    if (!fixedIndex.has(text)) fixedIndex.set(text, fixed.push(text) - 1);
    return { fixed: fixedIndex.get(text)! };
  };
  const slotPart = (leaf: number, suffix: string | null): Part => {
    const key = `${leaf} ${suffix}`;
    if (!slots.has(key)) {
      slots.set(key, slotLeaf.push(leaf) - 1);
      slotSuffix.push(suffix);
    }
    return { slot: slots.get(key)! };
  };
  const predicate: string[] = [];
  const parts = template.quads.map((quad) => {
    const text = serialize(blank('s'), quad.predicate, blank('o')).slice(3, -6);
    predicate.push(text);
    return { subject: subjectPart(quad, blankPart, fixedPart, slotPart), object: objectPart(quad, text, blankPart, fixedPart, slotPart) };
  });
  const code = (part: Part): Code => ('fixed' in part ? part.fixed : 'slot' in part ? fixed.length + part.slot : ~part.blank);
  const subject = Int32Array.from(parts, (part) => code(part.subject));
  const object = Int32Array.from(parts, (part) => code(part.object));
  const base = { fixed, subject, predicate, object };
  const compiled: CompiledRdfc = { ...base, slotLeaf, slotSuffix, firstDegree: [], canonical: buildOrder(base, [...subject.keys()], []) };
  for (let reference = 0; reference < blanks.size; reference++) {
    const labels = Array.from({ length: blanks.size }, (_, b) => (b === reference ? '_:a' : '_:z'));
    const lines = [...subject.keys()].filter((i) => subject[i] === ~reference || object[i] === ~reference);
    const slotCodes = [...new Set(lines.flatMap((i) => [subject[i]!, object[i]!]).filter((code) => code >= fixed.length))].sort((a, b) => a - b);
    const order: FirstDegree = { ...buildOrder(base, lines, labels), slotCodes };
    if (slotCodes.length === 0) order.constant = hash('sha256', print(compiled, order, fixed, labels), 'hex');
    else order.memo = { hashes: new Map(), lookups: 0, hits: 0 };
    compiled.firstDegree.push(order);
  }
  return compiled;
}

type Base = Pick<CompiledRdfc, 'fixed' | 'subject' | 'predicate' | 'object'>;

/**
 * Groups `lines` by subject as printed (with `labels`, when given, blank nodes print as
 * constants), orders each group's lines by predicate, and by object where it is constant;
 * lines whose order depends on the document stay together as a run.
 */
function buildOrder(base: Base, lines: number[], labels: string[]): Order {
  const constant = (code: Code): string | undefined =>
    code >= 0 ? (code < base.fixed.length ? base.fixed[code] : undefined) : labels[~code];
  const groups = new Map<string, { subject: Code; lines: number[] }>();
  for (const line of lines) {
    const code = base.subject[line]!;
    const printed = constant(code);
    // Subjects that print the same (blank nodes other than the reference) share one group.
    const key = printed === undefined ? `#${code}` : `=${printed}`;
    const group = groups.get(key) ?? { subject: code, lines: [] };
    group.lines.push(line);
    groups.set(key, group);
  }
  const compare = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  return {
    labels,
    groups: [...groups.values()].map(({ subject, lines: inGroup }) => {
      const byPredicate = new Map<string, number[]>();
      for (const line of inGroup) {
        const list = byPredicate.get(base.predicate[line]!) ?? [];
        list.push(line);
        byPredicate.set(base.predicate[line]!, list);
      }
      const items: Item[] = [];
      for (const predicate of [...byPredicate.keys()].sort(compare)) {
        const same = byPredicate.get(predicate)!;
        const objects = same.map((line) => constant(base.object[line]!));
        if (same.length === 1) items.push(same[0]!);
        else if (objects.every((text) => text !== undefined)) {
          const sorted = same.map((line, i) => ({ line, text: objects[i]! })).sort((x, y) => compare(x.text, y.text));
          for (const { line } of sorted) items.push(line);
        } else items.push(Int32Array.from(same));
      }
      return { subject, items };
    }),
  };
}

function subjectPart<P>(quad: TemplateQuad, blankPart: (label: string) => P, fixedPart: (text: string) => P, slotPart: (leaf: number, suffix: null) => P): P {
  if (typeof quad.subject === 'number') return slotPart(quad.subject, null);
  if (quad.subject.termType === 'BlankNode') return blankPart(quad.subject.value);
  const line = serialize(quad.subject, PROBE_PREDICATE, blank('o'));
  return fixedPart(line.slice(0, line.indexOf(' <urn:p> ')));
}

function objectPart<P>(
  quad: TemplateQuad,
  predicate: string,
  blankPart: (label: string) => P,
  fixedPart: (text: string) => P,
  slotPart: (leaf: number, suffix: string | null) => P,
): P {
  const strip = (line: string) => line.slice(3 + predicate.length, -3);
  if (typeof quad.object === 'number') {
    if (!quad.literal) return slotPart(quad.object, null);
    const empty: RdfTerm = { termType: 'Literal', value: '', ...quad.literal };
    return slotPart(quad.object, strip(serialize(blank('s'), quad.predicate, empty)).slice(2));
  }
  if (quad.object.termType === 'BlankNode') return blankPart(quad.object.value);
  return fixedPart(strip(serialize(blank('s'), quad.predicate, quad.object)));
}

/** Canonical N-Quads, or undefined when first-degree hashes collide (use rdf-canonize). */
export function canonizeCompiled(compiled: CompiledRdfc, leaves: Leaf[]): string | undefined {
  const terms = renderTerms(compiled, leaves);
  const count = compiled.firstDegree.length;
  const hashes: { hash: string; blankNode: number }[] = new Array(count);
  for (let b = 0; b < count; b++) hashes[b] = { hash: firstDegreeHash(compiled, compiled.firstDegree[b]!, terms), blankNode: b };
  hashes.sort((x, y) => (x.hash < y.hash ? -1 : x.hash > y.hash ? 1 : 0));
  const labels: string[] = new Array(count);
  for (let i = 0; i < count; i++) {
    if (i > 0 && hashes[i]!.hash === hashes[i - 1]!.hash) return undefined;
    labels[hashes[i]!.blankNode] = i < CANONICAL_LABELS.length ? CANONICAL_LABELS[i]! : `_:c14n${i}`;
  }
  return print(compiled, compiled.canonical, terms, labels);
}

/** Hash First Degree Quads (RDFC-1.0 4.6): one digest of the sorted lines, the bytes rdf-canonize feeds line by line. */
function firstDegreeHash(compiled: CompiledRdfc, order: FirstDegree, terms: string[]): string {
  if (order.constant !== undefined) return order.constant;
  const memo = order.memo;
  if (!memo) return hash('sha256', print(compiled, order, terms, order.labels), 'hex');
  // Printed terms never hold a raw NUL (rdf-canonize escapes control characters): a safe separator.
  let key = '';
  for (const code of order.slotCodes) key += `${terms[code]}\u0000`;
  memo.lookups++;
  let digest = memo.hashes.get(key);
  if (digest !== undefined) {
    memo.hits++;
    return digest;
  }
  digest = hash('sha256', print(compiled, order, terms, order.labels), 'hex');
  if (memo.hashes.size >= MEMO_SIZE) memo.hashes.clear();
  memo.hashes.set(key, digest);
  // A blank node that prints a badge's own values (its id, a salted hash) never repeats: stop remembering.
  if (memo.lookups === MEMO_TRIAL && memo.hits * 4 < memo.lookups) order.memo = undefined;
  return digest;
}

/** The lines of `order`, sorted, joined. (Plain loops: this runs ~10 times per badge.) */
function print(compiled: CompiledRdfc, order: Order, terms: string[], labels: string[]): string {
  const { predicate, object } = compiled;
  const groups = order.groups;
  const subjects: string[] = new Array(groups.length);
  const sequence: number[] = new Array(groups.length);
  for (let g = 0; g < groups.length; g++) {
    const code = groups[g]!.subject;
    subjects[g] = code >= 0 ? terms[code]! : labels[~code]!;
    sequence[g] = g;
  }
  sequence.sort((x, y) => (subjects[x]! < subjects[y]! ? -1 : subjects[x]! > subjects[y]! ? 1 : 0));
  let out = '';
  for (const g of sequence) {
    const subject = subjects[g]!;
    for (const item of groups[g]!.items) {
      if (typeof item === 'number') {
        const code = object[item]!;
        out += subject + predicate[item] + (code >= 0 ? terms[code] : labels[~code]) + ' .\n';
        continue;
      }
      const objects: string[] = new Array(item.length);
      for (let k = 0; k < item.length; k++) {
        const code = object[item[k]!]!;
        objects[k] = code >= 0 ? terms[code]! : labels[~code]!;
      }
      objects.sort();
      const text = subject + predicate[item[0]!];
      for (const value of objects) out += text + value + ' .\n';
    }
  }
  return out;
}

/** The document's term table: fixed terms, then each slot as `<iri>` or `"literal"suffix`, escaped by rdf-canonize when needed. */
function renderTerms(compiled: CompiledRdfc, leaves: Leaf[]): string[] {
  const terms = compiled.fixed.slice();
  const { slotLeaf, slotSuffix } = compiled;
  for (let k = 0; k < slotLeaf.length; k++) {
    const value = leaves[slotLeaf[k]!]!;
    const suffix = slotSuffix[k];
    terms.push(suffix === null ? `<${escapeIri(value as string)}>` : `"${escapeLiteral(typeof value === 'number' ? value.toFixed(0) : value)}"${suffix}`);
  }
  return terms;
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
