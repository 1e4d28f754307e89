// Declarations for the library internals the fast path calls (the packages ship no types).
// Only what credentials/fast uses; shapes checked at runtime are left loose.

declare module 'jsonld' {
  const jsonld: {
    toRDF(input: unknown, options: Record<string, unknown>): Promise<RdfQuad[]>;
  };
  export default jsonld;
  export interface RdfTerm {
    termType: 'NamedNode' | 'BlankNode' | 'Literal' | 'DefaultGraph';
    value: string;
    datatype?: { termType: 'NamedNode'; value: string };
    language?: string;
  }
  export interface RdfQuad { subject: RdfTerm; predicate: RdfTerm; object: RdfTerm; graph: RdfTerm }
}

declare module 'rdf-canonize' {
  export function _canonizeSync(dataset: unknown, options: { algorithm: 'RDFC-1.0' }): string;
  export function canonize(dataset: unknown, options: { algorithm: 'RDFC-1.0' }): Promise<string>;
  export const NQuads: {
    serializeQuadComponents(s: import('jsonld').RdfTerm, p: import('jsonld').RdfTerm, o: import('jsonld').RdfTerm, g: import('jsonld').RdfTerm): string;
  };
}

declare module 'jsonld-signatures' {
  const jsigs: {
    extendContextLoader<L extends (url: string) => Promise<unknown>>(loader: L): L;
  };
  export default jsigs;
}

declare module 'base58-universal' {
  export function encode(input: Uint8Array): string;
  export function decode(input: string): Uint8Array;
}

declare module '@digitalbazaar/vc' {
  export function _checkCredential(options: { credential: unknown; now?: Date | string; mode?: 'issue' | 'verify'; maxClockSkew?: number }): void;
  export class CredentialIssuancePurpose {
    validate(proof: unknown, options: { document: unknown; suite?: unknown; verificationMethod: unknown; documentLoader: unknown }): Promise<{ valid: boolean; error?: unknown }>;
  }
}
