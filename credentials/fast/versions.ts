/**
 * The library versions the fast path was proven byte-identical against
 * (tests/credentials/fast-equivalence.test.ts). The fast path restates what these libraries do;
 * after an upgrade of any of them it stays off until the equivalence suite has been rerun and
 * proven-versions.json updated (docs/performance.md, "Equivalence"). The copies nested under
 * another package are watched too: the stock path may run those.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** [package, the package whose copy is meant (undefined: the one Brevet imports)]. */
const WATCHED: ReadonlyArray<readonly [string, string?]> = [
  ['jsonld'],
  ['rdf-canonize'],
  ['jsonld-signatures'],
  ['@digitalbazaar/vc'],
  ['@digitalbazaar/data-integrity'],
  ['@digitalbazaar/eddsa-rdfc-2022-cryptosuite'],
  ['jsonld', '@digitalbazaar/vc'],
  ['jsonld', '@digitalbazaar/eddsa-rdfc-2022-cryptosuite'],
  ['rdf-canonize', '@digitalbazaar/eddsa-rdfc-2022-cryptosuite'],
  ['jsonld-signatures', '@digitalbazaar/data-integrity'],
  ['jsonld', 'jsonld-signatures'],
];

const label = (name: string, via?: string) => (via ? `${name} (under ${via})` : name);

/** The package.json version of `name` as resolved from `from` (a file path). */
function versionOf(name: string, from: string): { version: string; entry: string } {
  const entry = createRequire(from).resolve(name);
  // The entry may sit deep in the package (lib/index.js) and package.json may not be exported: walk up.
  for (let dir = dirname(entry); dir !== dirname(dir); dir = dirname(dir)) {
    try {
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (manifest.name === name && manifest.version) return { version: manifest.version, entry };
    } catch {
      // no package.json here: keep walking up
    }
  }
  throw new Error(`cannot find the version of ${name}`);
}

/** Installed versions of the watched libraries, by label. */
export function installedVersions(): Record<string, string> {
  const here = fileURLToPath(import.meta.url);
  const versions: Record<string, string> = {};
  for (const [name, via] of WATCHED) {
    const from = via ? versionOf(via, here).entry : here;
    versions[label(name, via)] = versionOf(name, from).version;
  }
  return versions;
}

/** The versions of the last equivalence proof (credentials/fast/proven-versions.json). */
export function provenVersions(): Record<string, string> {
  return JSON.parse(readFileSync(new URL('./proven-versions.json', import.meta.url), 'utf8')) as Record<string, string>;
}

/** What differs between installed and proven versions, one line each; empty when proven. */
export function unprovenVersions(installed: Record<string, string>, proven: Record<string, string>): string[] {
  const labels = new Set([...Object.keys(installed), ...Object.keys(proven)]);
  return [...labels].filter((key) => installed[key] !== proven[key]).map((key) => `${key}: proven with ${proven[key] ?? 'nothing'}, installed ${installed[key] ?? 'nothing'}`);
}
