// The program identifier as the patient shows it at the counter (her to-do page, her wallet card).
// No imports beyond types: the browser tests read these to compare with what the page shows.
import type { QRCodeToStringOptions } from 'qrcode';

/** The program id grouped for reading aloud ("ABCDE FGHIJ"); the pharmacy's search ignores the spaces. */
export function groupedProgramId(programId: string): string {
  const size = programId.length % 5 === 0 ? 5 : 4;
  return programId.match(new RegExp(`.{1,${size}}`, 'g'))?.join(' ') ?? programId;
}

/** The wallet card's QR code options (the `qrcode` library's SVG, error correction M, a 4-module quiet zone). */
export const QR_OPTIONS: QRCodeToStringOptions = { type: 'svg', errorCorrectionLevel: 'M', margin: 4 };
