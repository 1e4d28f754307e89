// The printable certificate: names in any European script are printed as written.
import { describe, expect, it } from 'vitest';
import { decodePDFRawStream, PDFDocument, PDFName, PDFRawStream } from 'pdf-lib';
import { certificatePdf, printable, type CertificateInput } from '../../web/pages/pdf/certificate.ts';

const input = (holderName: string): CertificateInput => ({
  languageTag: 'fr',
  labels: { title: 'Certificat', awardedTo: 'décerné à', achieved: 'pour avoir obtenu', issuedOn: 'Délivré le', validUntil: 'Valable jusqu’au', issuer: 'Émetteur', verify: 'Vérifier ce badge', credentialId: 'Identifiant' },
  holderName,
  achievementName: 'Brevet Connectoo – niveau de base',
  issuedOn: '23 novembre 2026',
  validUntil: '23 novembre 2029',
  issuerName: 'SPF Stratégie et Appui',
  verifyUrl: 'https://brevet.example/verify/7f1f8d0e-8a4b-4c1e-9d5e-000000000001',
  credentialId: 'urn:uuid:7f1f8d0e-8a4b-4c1e-9d5e-000000000001',
});

/** The Unicode code points the PDF's embedded fonts map their glyphs to (their ToUnicode CMaps). */
async function mappedCodePoints(bytes: Uint8Array): Promise<Set<number>> {
  const doc = await PDFDocument.load(bytes);
  const mapped = new Set<number>();
  const toUnicode = doc.context.enumerateIndirectObjects().flatMap(([, object]) => {
    if (!(object instanceof PDFRawStream)) return [];
    const text = Buffer.from(decodePDFRawStream(object).decode()).toString('latin1');
    return text.includes('begincmap') ? [text] : [];
  });
  for (const cmap of toUnicode) {
    // bfrange / bfchar destinations: <XXXX> in UTF-16BE after a source code.
    for (const [, target] of cmap.matchAll(/<[0-9A-Fa-f]+>\s*<([0-9A-Fa-f]{4,8})>/g)) {
      const units = target!.match(/.{4}/g)!.map((unit) => Number.parseInt(unit, 16));
      mapped.add(String.fromCharCode(...units).codePointAt(0)!);
    }
  }
  expect(doc.context.lookup(doc.catalog.get(PDFName.of('Pages')))).toBeDefined();
  return mapped;
}

describe('certificate PDF', () => {
  it('keeps the letters of European names and replaces only what no font can draw', () => {
    expect(printable('Łukasz Wójcik-Ștefan Çelik, Ελένη Дмитриевна, Øyvind Þór Ğül')).toBe('Łukasz Wójcik-Ștefan Çelik, Ελένη Дмитриевна, Øyvind Þór Ğül');
    expect(printable('Anne\u0301 Ma\tria\nPeeters\u0007')).toBe('Anné Ma ria Peeters');
    expect(printable('漢字 🎓')).toBe('?? ?');
  });

  it('embeds the glyphs of a name outside Latin-1, mapped back to its letters', async () => {
    const bytes = await certificatePdf(input('Łukasz Ștefan Ελένη'));
    expect(Buffer.from(bytes.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    const mapped = await mappedCodePoints(bytes);
    for (const letter of 'ŁȘΕλένη') expect(mapped.has(letter.codePointAt(0)!), letter).toBe(true);
    // Only the subset used: far fewer glyphs than the font's thousands.
    expect(mapped.size).toBeLessThan(200);
  });

  it('draws a name it cannot print as question marks, not an error', async () => {
    const mapped = await mappedCodePoints(await certificatePdf(input('王小明 🎓')));
    expect(mapped.has('?'.codePointAt(0)!)).toBe(true);
    expect(mapped.has('王'.codePointAt(0)!)).toBe(false);
  });
});
