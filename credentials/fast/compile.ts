/**
 * Shape templates: run jsonld.js's toRDF once on a copy of the document whose leaves are
 * unique placeholders, and record where each placeholder lands in the quads. A leaf that
 * lands exactly once, verbatim, as a literal value or as a subject/object IRI is a slot; any
 * other leaf (dropped, reformatted, repeated, used as a type or inside another string) must
 * keep its real value: the template is then compiled again with it as a constant.
 */
import { randomBytes, randomInt } from 'node:crypto';
import jsonld, { type RdfQuad, type RdfTerm } from 'jsonld';
import { replaceLeaves, type Leaf } from './shape.ts';

const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';

/** Where a slot's value goes: an IRI (subject or object) or a literal's lexical form. */
export type SlotKind = 'iri' | 'literal';

/** One quad of a template: a fixed term, or the index of the leaf that fills it. */
export interface TemplateQuad {
  subject: RdfTerm | number;
  predicate: RdfTerm;
  /** A leaf index for an IRI object; for a literal slot see `literal`. */
  object: RdfTerm | number;
  /** For a literal slot: the datatype and language jsonld gave it. */
  literal?: { datatype: { termType: 'NamedNode'; value: string }; language?: string };
  graph: RdfTerm;
}

export interface Template {
  quads: TemplateQuad[];
  /** Leaf index -> slot kind, for the leaves this template substitutes. */
  slots: Map<number, SlotKind>;
  /** Leaves held at their compile-time value (part of the template's key). */
  constants: Set<number>;
  /** Distinct sources of IRI subjects: leaf indexes and fixed IRIs. Values must stay distinct. */
  subjectLeaves: number[];
  fixedSubjects: string[];
  /** Quad indexes sharing subject and predicate where a slot could collide (jsonld de-duplicates). */
  collisionGroups: number[][];
}

export type CompileResult =
  | { kind: 'template'; template: Template }
  /** Leaves that cannot be slots: compile again holding them constant. */
  | { kind: 'needs-constants'; leaves: Set<number> };

/** The options eddsa-rdfc-2022's canonize passes to jsonld.toRDF. */
export function toRdfOptions(documentLoader: unknown): Record<string, unknown> {
  return { algorithm: 'RDFC-1.0', base: null, safe: true, documentLoader, rdfDirection: 'i18n-datatype', produceGeneralizedRdf: false };
}

/**
 * Compiles `document` (with `leaves` in shapeOf order) holding `constants` at their value.
 * Throws whatever jsonld throws (unknown term in safe mode, ...): the shape is then stock-only.
 */
export async function compileTemplate(document: unknown, leaves: Leaf[], constants: Set<number>, loader: unknown): Promise<CompileResult> {
  const nonce = randomBytes(6).toString('hex');
  const intBase = 2 ** 52 + randomInt(2 ** 30) * 8192;
  const stringPlaceholder = (i: number) => `urn:x-brevet-leaf-${nonce}-${i}-z`;
  const placeholders = new Map<string, number>();
  const withPlaceholders = replaceLeaves(document, (i, original) => {
    if (constants.has(i)) return original;
    const placeholder = typeof original === 'number' ? intBase + i : stringPlaceholder(i);
    placeholders.set(String(placeholder), i);
    return placeholder;
  });
  const dataset = await jsonld.toRDF(withPlaceholders, toRdfOptions(loader));
  const landings = new Map<number, number>();
  const bad = new Set<number>();
  const slots = new Map<number, SlotKind>();
  const mixed = new Set<number>();
  const quads = dataset.map((quad) => templateQuad(quad, placeholders, { landings, bad, slots, mixed }));
  scanForEmbedded(dataset, nonce, placeholders, bad);
  for (const i of placeholders.values()) {
    // An IRI may land many times (subject of each property, object of a reference); a
    // literal exactly once; never both.
    const landed = landings.get(i);
    if (!landed || (slots.get(i) === 'literal' && landed !== 1) || mixed.has(i)) bad.add(i);
  }
  if (bad.size > 0) return { kind: 'needs-constants', leaves: new Set([...constants, ...bad]) };
  return { kind: 'template', template: assembleTemplate(quads, slots, constants) };
}

interface Tally { landings: Map<number, number>; bad: Set<number>; slots: Map<number, SlotKind>; mixed: Set<number> }

function templateQuad(quad: RdfQuad, placeholders: Map<string, number>, tally: Tally): TemplateQuad {
  const land = (i: number, kind: SlotKind) => {
    tally.landings.set(i, (tally.landings.get(i) ?? 0) + 1);
    const before = tally.slots.get(i);
    if (before !== undefined && before !== kind) tally.mixed.add(i);
    tally.slots.set(i, kind);
  };
  const out: TemplateQuad = { subject: quad.subject, predicate: quad.predicate, object: quad.object, graph: quad.graph };
  const subjectLeaf = quad.subject.termType === 'NamedNode' ? placeholders.get(quad.subject.value) : undefined;
  if (subjectLeaf !== undefined) {
    land(subjectLeaf, 'iri');
    out.subject = subjectLeaf;
  }
  const objectLeaf = quad.object.termType === 'BlankNode' ? undefined : placeholders.get(quad.object.value);
  if (objectLeaf !== undefined) {
    if (quad.object.termType === 'NamedNode') {
      // A type decides type-scoped contexts: never a slot.
      if (quad.predicate.value === RDF_TYPE) tally.bad.add(objectLeaf);
      land(objectLeaf, 'iri');
    } else {
      land(objectLeaf, 'literal');
      out.literal = { datatype: quad.object.datatype!, ...(quad.object.language === undefined ? {} : { language: quad.object.language }) };
    }
    out.object = objectLeaf;
  }
  return out;
}

/** A placeholder found inside a longer string, a predicate, datatype or graph: not verbatim. */
function scanForEmbedded(dataset: RdfQuad[], nonce: string, placeholders: Map<string, number>, bad: Set<number>): void {
  const pattern = new RegExp(`urn:x-brevet-leaf-${nonce}-(\\d+)-z`, 'g');
  const check = (text: string | undefined, exactAllowed: boolean) => {
    if (!text || !text.includes(nonce)) return;
    if (exactAllowed && placeholders.has(text)) return;
    for (const match of text.matchAll(pattern)) bad.add(Number(match[1]));
  };
  for (const quad of dataset) {
    check(quad.subject.value, quad.subject.termType === 'NamedNode');
    check(quad.predicate.value, false);
    check(quad.object.value, quad.object.termType !== 'BlankNode');
    check(quad.object.datatype?.value, false);
    check(quad.object.language, false);
    check(quad.graph.value, false);
  }
}

/** A template from its quads: the subjects and subject-predicate groups the guards watch. */
export function assembleTemplate(quads: TemplateQuad[], slots: Map<number, SlotKind>, constants: Set<number>): Template {
  const subjectLeaves = new Set<number>();
  const fixedSubjects = new Set<string>();
  const groups = new Map<string, number[]>();
  quads.forEach((quad, index) => {
    if (typeof quad.subject === 'number') subjectLeaves.add(quad.subject);
    else if (quad.subject.termType === 'NamedNode') fixedSubjects.add(quad.subject.value);
    const subjectKey = typeof quad.subject === 'number' ? `#${quad.subject}` : `${quad.subject.termType}:${quad.subject.value}`;
    const groupKey = `${subjectKey} ${quad.predicate.value} ${quad.graph.value}`;
    const group = groups.get(groupKey) ?? [];
    group.push(index);
    groups.set(groupKey, group);
  });
  const collisionGroups = [...groups.values()].filter(
    (group) => group.length > 1 && group.some((i) => typeof quads[i]!.object === 'number'),
  );
  return { quads, slots, constants, subjectLeaves: [...subjectLeaves], fixedSubjects: [...fixedSubjects], collisionGroups };
}
