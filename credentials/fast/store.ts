/**
 * The template cache: one entry per shape, each holding templates keyed by the values of the
 * leaves it must keep constant. Bounded: registered shapes are pinned, learned ones stop being
 * added once `maxShapes` / `maxTemplates` are reached (the stock path serves the rest).
 */
import { compileTemplate, type Template } from './compile.ts';
import { canonicalNQuads, fillTemplate, guardsPass, verbatimIriMemo } from './canonize.ts';
import { canonizeCompiled, compileRdfc, type CompiledRdfc } from './rdfc.ts';
import type { Shape } from './shape.ts';

type Loader = (url: string) => Promise<{ document: unknown }>;

interface ReadyEntry {
  status: 'ready';
  /** Leaves every template of the shape keeps constant (dropped, reformatted, types...), in order. */
  held: number[];
  /** Leaves that landed as IRIs: a value jsonld would not keep verbatim is held too. */
  iriLeaves: number[];
  templates: Map<string, Promise<Compiled | undefined>>;
  /** isVerbatimIri under the shape's context terms, remembered. */
  verbatim: (value: string) => boolean;
}

interface Compiled { template: Template; rdfc: CompiledRdfc | undefined }

type Entry = ReadyEntry | { status: 'stock'; reason: string };

export interface StoreLimits { maxShapes: number; maxTemplates: number }

export class TemplateStore {
  private readonly entries = new Map<string, Promise<Entry>>();
  private templateCount = 0;

  constructor(
    private readonly loader: Loader,
    private readonly termsFor: (contexts: string[]) => Promise<ReadonlySet<string>>,
    private readonly limits: StoreLimits,
  ) {}

  get size(): { shapes: number; templates: number } {
    return { shapes: this.entries.size, templates: this.templateCount };
  }

  /**
   * Canonical N-Quads of `document` (of shape `shape`) through a template, or a reason it
   * cannot: unknown shape (and `learn` is false or the cache is full), stock-only shape, guard.
   */
  async canonize(document: Record<string, unknown>, shape: Shape, learn: boolean): Promise<string | { fallback: string }> {
    let pending = this.entries.get(shape.key);
    if (!pending) {
      if (!learn) return { fallback: 'unknown-shape' };
      if (this.entries.size >= this.limits.maxShapes) return { fallback: 'shape-cache-full' };
      pending = this.createEntry(document, shape);
      this.entries.set(shape.key, pending);
    }
    const entry = await pending;
    if (entry.status === 'stock') return { fallback: `stock-only-shape: ${entry.reason}` };
    const compiled = await this.templateFor(entry, document, shape, learn);
    if (!compiled) return { fallback: 'no-template' };
    if (!guardsPass(compiled.template, shape.leaves, entry.verbatim)) return { fallback: 'guard' };
    // The simple path of RDFC-1.0 when first-degree hashes are unique; else rdf-canonize itself.
    const fast = compiled.rdfc && canonizeCompiled(compiled.rdfc, shape.leaves);
    return fast ?? canonicalNQuads(fillTemplate(compiled.template, shape.leaves));
  }

  /** Forgets a shape (after a sampled mismatch): it goes to the stock path from now on. */
  disable(shapeKey: string, reason: string): void {
    this.entries.set(shapeKey, Promise.resolve({ status: 'stock', reason }));
  }

  private async createEntry(document: Record<string, unknown>, shape: Shape): Promise<Entry> {
    try {
      const contexts = ([] as unknown[]).concat(document['@context']) as string[];
      const terms = await this.termsFor(contexts);
      const { template, held } = await this.compile(document, shape, new Set());
      const iriLeaves = [...template.slots].filter(([, kind]) => kind === 'iri').map(([index]) => index);
      const heldInOrder = [...held].sort((a, b) => a - b);
      const entry: ReadyEntry = { status: 'ready', held: heldInOrder, iriLeaves, templates: new Map(), verbatim: verbatimIriMemo(terms) };
      // Placeholders stood for every slot: valid for any document whose held leaves match.
      entry.templates.set(templateKey(heldInOrder, shape.leaves), Promise.resolve({ template, rdfc: compileRdfc(template) }));
      this.templateCount++;
      return entry;
    } catch (error) {
      return { status: 'stock', reason: error instanceof Error ? error.message : String(error) };
    }
  }

  private async templateFor(entry: ReadyEntry, document: unknown, shape: Shape, learn: boolean): Promise<Compiled | undefined> {
    let held = entry.held;
    for (const index of entry.iriLeaves) {
      const value = shape.leaves[index];
      if (typeof value === 'string' && entry.verbatim(value)) continue;
      if (held === entry.held) held = [...entry.held];
      held.push(index);
    }
    if (held !== entry.held) held.sort((a, b) => a - b);
    const key = templateKey(held, shape.leaves);
    let pending = entry.templates.get(key);
    if (!pending) {
      if (!learn || this.templateCount >= this.limits.maxTemplates) return undefined;
      this.templateCount++;
      // Keyed by the held leaves asked for: a compile that had to hold more would be keyed wrongly, so it serves nothing.
      pending = this.compile(document, shape, new Set(held)).then(
        ({ template, held: settled }) => (settled.size === held.length ? { template, rdfc: compileRdfc(template) } : undefined),
        () => undefined,
      );
      entry.templates.set(key, pending);
    }
    return pending;
  }

  /** Compiles until every leaf is either a slot or held constant (a few rounds at most). */
  private async compile(document: unknown, shape: Shape, held: Set<number>): Promise<{ template: Template; held: Set<number> }> {
    let constants = held;
    for (let round = 0; round < 4; round++) {
      const result = await compileTemplate(document, shape.leaves, constants, this.loader);
      if (result.kind === 'template') return { template: result.template, held: constants };
      constants = result.leaves;
    }
    throw new Error('the template did not settle');
  }
}

/** Held leaves (in order) and their values: two documents of one shape share a template iff equal. */
function templateKey(held: number[], leaves: Shape['leaves']): string {
  let key = '';
  for (const index of held) key += `${index}=${JSON.stringify(leaves[index])},`;
  return key;
}
