/**
 * Contexts that are not in a package but are part of the W3C VC 2.0 family: the
 * examples context is what the specification and its test suites use for example terms.
 * A module of its own so a signing thread (services/certification/signing-thread.ts) loads
 * them without the database modules.
 */
export const EXTRA_CONTEXTS = {
  'https://www.w3.org/ns/credentials/examples/v2': { '@context': { '@vocab': 'https://www.w3.org/ns/credentials/examples#' } },
};
