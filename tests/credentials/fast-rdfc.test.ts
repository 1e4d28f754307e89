// The precomputed RDFC-1.0 (credentials/fast/rdfc.ts) against rdf-canonize on random templates:
// its line order is decided mostly at compile time, so the property is checked on datasets built
// to stress it (IRIs and predicates that are prefixes of one another, several objects of one
// predicate, literals differing only by datatype or language, ten or more blank nodes, hostile text).
import fc from 'fast-check';
import type { RdfTerm } from 'jsonld';
import { describe, expect, it } from 'vitest';
import { assembleTemplate, type SlotKind, type TemplateQuad } from '../../credentials/fast/compile.ts';
import { canonicalNQuads, fillTemplate, guardsPass } from '../../credentials/fast/canonize.ts';
import { canonizeCompiled, compileRdfc } from '../../credentials/fast/rdfc.ts';

const named = (value: string) => ({ termType: 'NamedNode' as const, value });
const IRIS = ['http://a.example/x', 'http://a.example/x1', 'http://a.example/x10', 'http://a.example/xy', 'urn:a', 'urn:a:b', 'did:key:z6Mk#k', 'https://a.example/x%20y'];
const PREDICATES = ['http://p.example/a', 'http://p.example/ab', 'http://p.example/a/b', 'http://p.example/b', 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type'];
const DATATYPES = ['http://www.w3.org/2001/XMLSchema#string', 'http://www.w3.org/2001/XMLSchema#integer', 'http://www.w3.org/2001/XMLSchema#anyURI', 'http://www.w3.org/1999/02/22-rdf-syntax-ns#langString'];
const LANGUAGES = ['en', 'en-GB', 'fr'];
const TEXTS = ['', 'a', 'ab', 'a b', 'a"b', 'a\\b', 'a\nb', 'é', '\u202Eevil', '😀', '\uD800', 'x'.repeat(40)];

type Term = { kind: 'blank'; n: number } | { kind: 'iri'; value: string } | { kind: 'slot'; leaf: number } | { kind: 'literal'; value: string; datatype: number; language?: string };

const blankTerm = (blanks: number) => fc.nat({ max: blanks - 1 }).map((n): Term => ({ kind: 'blank', n }));
const iriTerm = fc.constantFrom(...IRIS).map((value): Term => ({ kind: 'iri', value }));
const slotTerm = (leaves: number) => fc.nat({ max: leaves - 1 }).map((leaf): Term => ({ kind: 'slot', leaf }));
const literalTerm = fc.record({ value: fc.constantFrom(...TEXTS), datatype: fc.nat({ max: DATATYPES.length - 2 }), language: fc.option(fc.constantFrom(...LANGUAGES), { nil: undefined }) })
  .map(({ value, datatype, language }): Term => (language ? { kind: 'literal', value, datatype: 3, language } : { kind: 'literal', value, datatype }));

const dataset = fc.record({ blanks: fc.integer({ min: 1, max: 16 }), leaves: fc.integer({ min: 1, max: 8 }) }).chain(({ blanks, leaves }) =>
  fc.record({
    blanks: fc.constant(blanks),
    quads: fc.array(fc.record({
      subject: fc.oneof(blankTerm(blanks), blankTerm(blanks), iriTerm, slotTerm(leaves)),
      predicate: fc.constantFrom(...PREDICATES),
      object: fc.oneof(blankTerm(blanks), iriTerm, slotTerm(leaves), literalTerm),
      literal: fc.record({ datatype: fc.nat({ max: DATATYPES.length - 1 }), language: fc.constantFrom(...LANGUAGES) }),
    }), { minLength: 1, maxLength: 60 }),
    // IRI slots take IRIs (some prefixes of others); literal slots any text or an integer.
    values: fc.array(fc.oneof(fc.constantFrom(...IRIS), fc.constantFrom(...TEXTS), fc.string({ unit: 'binary', maxLength: 6 }), fc.integer()), { minLength: leaves, maxLength: leaves }),
    // Each leaf lands as an IRI or as a literal, never both (as compile.ts requires).
    literalLeaves: fc.array(fc.boolean(), { minLength: leaves, maxLength: leaves }),
    // Often give each blank node a literal of its own, so that many keep distinct hashes.
    distinct: fc.boolean(),
  }),
);

interface Input {
  blanks: number;
  quads: { subject: Term; predicate: string; object: Term; literal: { datatype: number; language: string } }[];
  values: (string | number)[];
  literalLeaves: boolean[];
  distinct: boolean;
}

function templateOf(input: Input) {
  const slots = new Map<number, SlotKind>();
  const seen = new Set<string>();
  const quads: TemplateQuad[] = [];
  const fixed = (term: Term): RdfTerm => {
    if (term.kind === 'blank') return { termType: 'BlankNode', value: `b${term.n}` };
    if (term.kind === 'iri') return named(term.value);
    const literal = term as Extract<Term, { kind: 'literal' }>;
    return { termType: 'Literal', value: literal.value, datatype: named(DATATYPES[literal.datatype]!), ...(literal.language ? { language: literal.language } : {}) };
  };
  const own = input.distinct ? Array.from({ length: input.blanks }, (_, n) => n).map((n) => ({ subject: { kind: 'blank', n } as Term, predicate: PREDICATES[1]!, object: { kind: 'literal', value: `own ${n}`, datatype: 0 } as Term, literal: { datatype: 0, language: 'en' } })) : [];
  for (const quad of [...input.quads, ...own]) {
    let subject: RdfTerm | number;
    if (quad.subject.kind === 'slot') {
      if (input.literalLeaves[quad.subject.leaf]) continue;
      slots.set(quad.subject.leaf, 'iri');
      subject = quad.subject.leaf;
    } else subject = fixed(quad.subject);
    let object: RdfTerm | number;
    let literal: TemplateQuad['literal'];
    if (quad.object.kind === 'slot') {
      const leaf = quad.object.leaf;
      object = leaf;
      if (input.literalLeaves[leaf]) {
        slots.set(leaf, 'literal');
        const datatype = quad.literal.datatype;
        const type = { termType: 'NamedNode' as const, value: DATATYPES[datatype]! };
        literal = datatype === 3 ? { datatype: type, language: quad.literal.language } : { datatype: type };
      } else slots.set(leaf, 'iri');
    } else object = fixed(quad.object);
    const key = JSON.stringify([subject, quad.predicate, object, literal]);
    // A literal slot lands once; a dataset has no duplicate quads.
    if (seen.has(key) || (typeof object === 'number' && literal && seen.has(`literal ${object}`))) continue;
    seen.add(key);
    if (typeof object === 'number' && literal) seen.add(`literal ${object}`);
    quads.push({ subject, predicate: named(quad.predicate), object, ...(literal ? { literal } : {}), graph: { termType: 'DefaultGraph', value: '' } });
  }
  const leaves = input.values.map((value, i) => (slots.get(i) === 'iri' ? IRIS[Math.abs(Number(typeof value === 'number' ? value : value.length)) % IRIS.length]! : value));
  return { template: assembleTemplate(quads, slots, new Set()), leaves };
}

describe('precomputed RDFC-1.0', () => {
  it('gives rdf-canonize\'s canonical N-Quads, or hands over when first-degree hashes collide', () => {
    const tally = { compared: 0, handedOver: 0, guarded: 0, blankNodesMax: 0 };
    fc.assert(fc.property(dataset, (input) => {
      const { template, leaves } = templateOf(input);
      if (template.quads.length === 0) return;
      if (!guardsPass(template, leaves, new Set())) {
        tally.guarded++;
        return;
      }
      const compiled = compileRdfc(template)!;
      const fast = canonizeCompiled(compiled, leaves);
      if (fast === undefined) {
        tally.handedOver++;
        return;
      }
      tally.compared++;
      tally.blankNodesMax = Math.max(tally.blankNodesMax, compiled.firstDegree.length);
      expect(fast).toBe(canonicalNQuads(fillTemplate(template, leaves)));
      // Again: first-degree hashes now come from the template's memo.
      expect(canonizeCompiled(compiled, leaves)).toBe(fast);
    }), { numRuns: Number(process.env.FAST_RDFC_RUNS ?? 600) });
    // The property must have been exercised, labels past c14n9 included.
    expect(tally.compared).toBeGreaterThan(200);
    expect(tally.blankNodesMax).toBeGreaterThanOrEqual(10);
  });
});
