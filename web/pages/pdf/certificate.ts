import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import QRCode from 'qrcode';

/** What the certificate says, already in the learner's language (dates formatted by the caller). */
export interface CertificateInput {
  languageTag: string;
  labels: {
    title: string;
    awardedTo: string;
    achieved: string;
    issuedOn: string;
    validUntil: string;
    issuer: string;
    verify: string;
    credentialId: string;
  };
  holderName: string;
  achievementName: string;
  issuedOn: string;
  validUntil?: string;
  issuerName: string;
  verifyUrl: string;
  credentialId: string;
}

/**
 * DejaVu Sans (regular and bold, from the dejavu-fonts-ttf package, never fetched), embedded as
 * a subset of the glyphs a certificate uses: a holder named Łukasz, Ștefan or Ελένη is printed
 * as named, not with the '?' the standard PDF fonts (WinAnsi) would give. Read once per process.
 */
interface CertificateFonts { regular: Uint8Array; bold: Uint8Array; covered: ReadonlySet<number> }
let fonts: CertificateFonts | undefined;

/** fontkit for pdf-lib, parsing each of our two font files once (a parse of DejaVu Sans is ~60 ms; the parsed font is only read). */
const parsed = new WeakMap<Uint8Array, ReturnType<typeof fontkit.create>>();
const cachingFontkit: typeof fontkit = {
  create(data, postscriptName) {
    if (postscriptName !== undefined || !(data instanceof Uint8Array)) return fontkit.create(data, postscriptName);
    let font = parsed.get(data);
    if (!font) {
      font = fontkit.create(data);
      parsed.set(data, font);
    }
    return font;
  },
};

function certificateFonts(): CertificateFonts {
  if (!fonts) {
    const dir = join(dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');
    const regular = readFileSync(join(dir, 'DejaVuSans.ttf'));
    const bold = readFileSync(join(dir, 'DejaVuSans-Bold.ttf'));
    const inBold = new Set(cachingFontkit.create(bold).characterSet);
    // What both faces can draw: a name goes in bold, the facts in regular.
    const covered = new Set(cachingFontkit.create(regular).characterSet.filter((codePoint) => inBold.has(codePoint)));
    fonts = { regular, bold, covered };
  }
  return fonts;
}

/**
 * A text as the certificate can print it: NFC, line breaks and tabs as spaces, other control
 * characters dropped, and any character the fonts have no glyph for (CJK, emoji) as '?', so
 * that one odd character never fails the whole document.
 */
export function printable(text: string): string {
  const { covered } = certificateFonts();
  let out = '';
  for (const ch of text.normalize('NFC')) {
    const codePoint = ch.codePointAt(0)!;
    if (ch === '\n' || ch === '\t') out += ' ';
    else if (codePoint < 0x20 || (codePoint >= 0x7f && codePoint < 0xa0)) continue;
    else out += covered.has(codePoint) ? ch : '?';
  }
  return out;
}

/** Document metadata (title, author): any Unicode text, without control characters. */
function metadata(text: string): string {
  return text.normalize('NFC').replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ');
}

/** Splits a text into lines no wider than `width` at `size`. */
function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = line ? `${line} ${word}` : word;
    if (line && font.widthOfTextAtSize(candidate, size) > width) {
      lines.push(line);
      line = word;
    } else {
      line = candidate;
    }
  }
  if (line) lines.push(line);
  return lines;
}

const INK = rgb(0.106, 0.106, 0.122);
const BRAND = rgb(0.114, 0.306, 0.537);
const MUTED = rgb(0.29, 0.31, 0.34);

function centred(page: PDFPage, text: string, font: PDFFont, size: number, y: number, color = INK): void {
  const width = font.widthOfTextAtSize(text, size);
  page.drawText(text, { x: (page.getWidth() - width) / 2, y, size, font, color });
}

/**
 * The printable certificate of a badge: A4 landscape, the holder, the achievement, the
 * dates and issuer, and a QR code of the public verification link (the badge itself is the
 * signed credential; the PDF only points to it).
 */
export async function certificatePdf(input: CertificateInput): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle(metadata(`${input.labels.title}: ${input.achievementName}`));
  doc.setAuthor(metadata(input.issuerName));
  doc.setSubject(metadata(input.verifyUrl));
  doc.setLanguage(input.languageTag);
  doc.setCreator('Brevet');
  doc.setProducer('Brevet (pdf-lib)');
  const page = doc.addPage([841.89, 595.28]);
  doc.registerFontkit(cachingFontkit);
  const faces = certificateFonts();
  const regular = await doc.embedFont(faces.regular, { subset: true });
  const bold = await doc.embedFont(faces.bold, { subset: true });
  const { width, height } = page.getSize();

  page.drawRectangle({ x: 24, y: 24, width: width - 48, height: height - 48, borderColor: BRAND, borderWidth: 3 });
  page.drawRectangle({ x: 32, y: 32, width: width - 64, height: height - 64, borderColor: BRAND, borderWidth: 0.75 });
  centred(page, printable(input.labels.title.toUpperCase()), bold, 30, height - 100, BRAND);
  centred(page, printable(input.labels.awardedTo), regular, 14, height - 150, MUTED);
  let y = height - 190;
  for (const line of wrap(printable(input.holderName), bold, 26, width - 160)) {
    centred(page, line, bold, 26, y);
    y -= 32;
  }
  centred(page, printable(input.labels.achieved), regular, 14, y - 6, MUTED);
  y -= 46;
  for (const line of wrap(printable(input.achievementName), bold, 22, width - 160)) {
    centred(page, line, bold, 22, y, BRAND);
    y -= 28;
  }

  const facts: Array<[string, string]> = [
    [input.labels.issuedOn, input.issuedOn],
    ...(input.validUntil ? [[input.labels.validUntil, input.validUntil] as [string, string]] : []),
    [input.labels.issuer, input.issuerName],
    [input.labels.credentialId, input.credentialId],
  ];
  let factY = 160;
  for (const [term, value] of facts) {
    page.drawText(printable(`${term}:`), { x: 64, y: factY, size: 11, font: bold, color: INK });
    page.drawText(printable(value), { x: 64 + bold.widthOfTextAtSize(printable(`${term}:`), 11) + 6, y: factY, size: 11, font: regular, color: INK });
    factY -= 20;
  }

  const qr = await doc.embedPng(await QRCode.toBuffer(input.verifyUrl, { type: 'png', errorCorrectionLevel: 'M', margin: 1, scale: 6 }));
  const qrSize = 120;
  const qrX = width - 64 - qrSize;
  page.drawImage(qr, { x: qrX, y: 76, width: qrSize, height: qrSize });
  const verifyLabel = printable(input.labels.verify);
  page.drawText(verifyLabel, { x: width - 64 - regular.widthOfTextAtSize(verifyLabel, 10), y: 76 + qrSize + 8, size: 10, font: regular, color: MUTED });
  const url = printable(input.verifyUrl);
  const urlSize = Math.min(9, (width / 2 - 64) / Math.max(1, regular.widthOfTextAtSize(url, 1)));
  page.drawText(url, { x: width - 64 - regular.widthOfTextAtSize(url, urlSize), y: 60, size: urlSize, font: regular, color: BRAND });
  return doc.save();
}
