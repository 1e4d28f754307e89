import { createDocumentLoader, didWebToUrl, type DocumentLoader } from '../../credentials/index.ts';
import type { Deps } from '../deps.ts';
import { issuerDidDocument, issuerDidWeb } from '../issuer/issuer.usecases.ts';
import { fetchForeignJson } from '../shared/fetch-json.ts';
import { EXTRA_CONTEXTS } from './extra-contexts.ts';

const loaders = new WeakMap<object, DocumentLoader>();

/**
 * The document loader of this deployment: contexts from memory, did:key offline, our
 * own did:web from the key store (never over the network), other did:web over https with a time limit.
 */
export function documentLoaderFor(deps: Pick<Deps, 'db' | 'config'>): DocumentLoader {
  let loader = loaders.get(deps.db);
  if (!loader) {
    const ownDid = issuerDidWeb(deps.config);
    loader = createDocumentLoader({
      extraDocuments: EXTRA_CONTEXTS,
      resolveDidWeb: async (did) => (did === ownDid ? issuerDidDocument(deps) : fetchForeignJson(didWebToUrl(did))),
    });
    loaders.set(deps.db, loader);
  }
  return loader;
}
