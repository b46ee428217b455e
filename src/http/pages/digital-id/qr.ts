// The QR code of a digital ID: the verify URL drawn as an SVG and given to the page as a data: image
// (the CSP allows data: images, not inline SVG styles). Guarantees: error correction level M, a
// quiet zone of 4 modules, dark on white for any scanner.
import QRCode from 'qrcode';

export async function qrDataUrl(text: string): Promise<string> {
  const svg = await QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 4, color: { dark: '#0D121C', light: '#FFFFFF' } });
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}
