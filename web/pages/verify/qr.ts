import QRCode from 'qrcode';

/**
 * A QR code of a URL as an SVG document, drawn on the server (no script, no image
 * request). The SVG comes from the qrcode package and holds only path data.
 */
export function qrCodeSvg(url: string): Promise<string> {
  return QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2, color: { dark: '#000000', light: '#ffffff' } });
}
