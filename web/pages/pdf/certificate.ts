import { PDFDocument, rgb, StandardFonts, type PDFFont, type PDFPage } from 'pdf-lib';
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

// The standard PDF fonts speak WinAnsi (Latin-1 and a few more): enough for French, Dutch
// and German. Anything else becomes '?' rather than failing the whole document.
const WIN_ANSI_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');

export function winAnsi(text: string): string {
  return [...text.normalize('NFC')]
    .map((ch) => {
      const code = ch.codePointAt(0) ?? 0;
      if (ch === '\n' || ch === '\t') return ' ';
      return (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRA.has(ch) ? ch : '?';
    })
    .join('');
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
  doc.setTitle(winAnsi(`${input.labels.title}: ${input.achievementName}`));
  doc.setAuthor(winAnsi(input.issuerName));
  doc.setSubject(winAnsi(input.verifyUrl));
  doc.setLanguage(input.languageTag);
  doc.setCreator('Brevet');
  doc.setProducer('Brevet (pdf-lib)');
  const page = doc.addPage([841.89, 595.28]);
  const regular = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const { width, height } = page.getSize();

  page.drawRectangle({ x: 24, y: 24, width: width - 48, height: height - 48, borderColor: BRAND, borderWidth: 3 });
  page.drawRectangle({ x: 32, y: 32, width: width - 64, height: height - 64, borderColor: BRAND, borderWidth: 0.75 });
  centred(page, winAnsi(input.labels.title.toUpperCase()), bold, 30, height - 100, BRAND);
  centred(page, winAnsi(input.labels.awardedTo), regular, 14, height - 150, MUTED);
  let y = height - 190;
  for (const line of wrap(winAnsi(input.holderName), bold, 26, width - 160)) {
    centred(page, line, bold, 26, y);
    y -= 32;
  }
  centred(page, winAnsi(input.labels.achieved), regular, 14, y - 6, MUTED);
  y -= 46;
  for (const line of wrap(winAnsi(input.achievementName), bold, 22, width - 160)) {
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
    page.drawText(winAnsi(`${term}:`), { x: 64, y: factY, size: 11, font: bold, color: INK });
    page.drawText(winAnsi(value), { x: 64 + bold.widthOfTextAtSize(winAnsi(`${term}:`), 11) + 6, y: factY, size: 11, font: regular, color: INK });
    factY -= 20;
  }

  const qr = await doc.embedPng(await QRCode.toBuffer(input.verifyUrl, { type: 'png', errorCorrectionLevel: 'M', margin: 1, scale: 6 }));
  const qrSize = 120;
  const qrX = width - 64 - qrSize;
  page.drawImage(qr, { x: qrX, y: 76, width: qrSize, height: qrSize });
  const verifyLabel = winAnsi(input.labels.verify);
  page.drawText(verifyLabel, { x: width - 64 - regular.widthOfTextAtSize(verifyLabel, 10), y: 76 + qrSize + 8, size: 10, font: regular, color: MUTED });
  const url = winAnsi(input.verifyUrl);
  const urlSize = Math.min(9, (width / 2 - 64) / Math.max(1, regular.widthOfTextAtSize(url, 1)));
  page.drawText(url, { x: width - 64 - regular.widthOfTextAtSize(url, urlSize), y: 60, size: urlSize, font: regular, color: BRAND });
  return doc.save();
}
