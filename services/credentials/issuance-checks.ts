import type { FieldError } from '../shared/errors.ts';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);
const isUrl = (v: unknown) => typeof v === 'string' && /^[a-z][a-z0-9+.-]*:\S+$/i.test(v);

/**
 * VC 2.0 rules that JSON-LD processing does not enforce by itself (a term can be
 * well-formed JSON-LD and still break the data model). Returns every problem found.
 */
export function credentialShapeProblems(credential: Json): FieldError[] {
  const problems: FieldError[] = [];
  const add = (path: string, message: string) => problems.push({ path, message });

  asList(credential.refreshService).forEach((item, i) => {
    if (!isObject(item) || typeof item.type !== 'string') add(`credential.refreshService[${i}].type`, 'refreshService needs a type');
  });
  asList(credential.credentialSchema).forEach((item, i) => {
    if (!isObject(item) || item.type === undefined) add(`credential.credentialSchema[${i}].type`, 'credentialSchema needs a type');
    if (!isObject(item) || !isUrl(item.id)) add(`credential.credentialSchema[${i}].id`, 'credentialSchema needs a URL id');
  });
  relatedResourceProblems(credential.relatedResource).forEach((p) => problems.push(p));
  statusEntryProblems(credential, 'credential').forEach((p) => problems.push(p));
  const { validFrom, validUntil } = credential;
  if (typeof validFrom === 'string' && typeof validUntil === 'string' && Date.parse(validFrom) > Date.parse(validUntil)) {
    add('credential.validUntil', 'validUntil is before validFrom');
  }
  return problems;
}

/**
 * relatedResource: objects with unique ids and a digest that matches the resource.
 * Nothing is fetched at run time, so a digest cannot be confirmed and is refused
 * rather than trusted.
 */
function relatedResourceProblems(value: unknown): FieldError[] {
  if (value === undefined) return [];
  const items = asList(value);
  const problems: FieldError[] = [];
  const seen = new Set<string>();
  items.forEach((item, i) => {
    const path = `credential.relatedResource[${i}]`;
    if (!isObject(item)) return problems.push({ path, message: 'relatedResource entries must be objects' });
    if (typeof item.id !== 'string') return problems.push({ path: `${path}.id`, message: 'relatedResource needs an id' });
    if (seen.has(item.id)) problems.push({ path: `${path}.id`, message: 'relatedResource ids must be unique' });
    seen.add(item.id);
    if (item.digestSRI === undefined && item.digestMultibase === undefined) {
      return problems.push({ path, message: 'relatedResource needs digestSRI or digestMultibase' });
    }
    problems.push({ path, message: `the digest of ${item.id} cannot be confirmed: related resources are not retrieved by this issuer` });
  });
  return problems;
}

/** Every object typed BitstringStatusListEntry, wherever it sits, must have a decimal string index. */
function statusEntryProblems(value: unknown, path: string): FieldError[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => statusEntryProblems(v, `${path}[${i}]`));
  if (!isObject(value)) return [];
  const problems: FieldError[] = [];
  if (asList(value.type).includes('BitstringStatusListEntry')) {
    if (typeof value.statusListIndex !== 'string' || !/^\d+$/.test(value.statusListIndex)) {
      problems.push({ path: `${path}.statusListIndex`, message: 'statusListIndex must be a base-10 integer string' });
    }
    if (!isUrl(value.statusListCredential)) problems.push({ path: `${path}.statusListCredential`, message: 'statusListCredential must be a URL' });
  }
  for (const [key, child] of Object.entries(value)) {
    if (key !== '@context') problems.push(...statusEntryProblems(child, `${path}.${key}`));
  }
  return problems;
}
