// Latency samples and their percentiles; counts of outcomes by label.

export class Samples {
  #values: number[] = [];

  add(value: number): void {
    this.#values.push(value);
  }

  get count(): number {
    return this.#values.length;
  }

  /** The value below which `p` percent of samples fall (nearest rank); NaN when empty. */
  percentile(p: number): number {
    if (this.#values.length === 0) return Number.NaN;
    const sorted = [...this.#values].sort((a, b) => a - b);
    const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
    return sorted[rank]!;
  }

  mean(): number {
    if (this.#values.length === 0) return Number.NaN;
    return this.#values.reduce((sum, value) => sum + value, 0) / this.#values.length;
  }

  summary(): { count: number; mean: number; p50: number; p90: number; p99: number; max: number } {
    return {
      count: this.count,
      mean: round(this.mean()),
      p50: round(this.percentile(50)),
      p90: round(this.percentile(90)),
      p99: round(this.percentile(99)),
      max: round(this.percentile(100)),
    };
  }
}

export class Counter {
  readonly #counts = new Map<string, number>();

  add(label: string, by = 1): void {
    this.#counts.set(label, (this.#counts.get(label) ?? 0) + by);
  }

  total(): number {
    let sum = 0;
    for (const value of this.#counts.values()) sum += value;
    return sum;
  }

  toJSON(): Record<string, number> {
    return Object.fromEntries([...this.#counts.entries()].sort(([, a], [, b]) => b - a));
  }
}

export function round(value: number, digits = 1): number {
  if (!Number.isFinite(value)) return value;
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

/** A fixed-width text table for the console. */
export function table(headers: string[], rows: Array<Array<string | number>>): string {
  const cells = [headers, ...rows.map((row) => row.map((cell) => String(cell)))];
  const widths = headers.map((_, column) => Math.max(...cells.map((row) => (row[column] ?? '').length)));
  const line = (row: string[]) => row.map((cell, column) => cell.padStart(widths[column]!)).join('  ');
  return [line(cells[0]!), widths.map((width) => '-'.repeat(width)).join('  '), ...cells.slice(1).map(line)].join('\n');
}
