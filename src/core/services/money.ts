// Amounts in Saudi riyals kept as whole halalas (1 SAR = 100 halalas). Guarantees: no floating-point
// sums; the text form always has two decimals and Western digits.
export const halalasPerRiyal = 100;

export function riyals(halalas: number): string {
  const sign = halalas < 0 ? '-' : '';
  const abs = Math.abs(halalas);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

export function fromRiyals(sar: number): number {
  return Math.round(sar * halalasPerRiyal);
}
