/**
 * How much input regsim takes before it refuses: a scenario is a few hundred
 * YAML nodes in a few kilobytes, so anything far larger is a mistake (or an
 * attack), refused early with the figure and the flag that raises the cap,
 * rather than after minutes and gigabytes.
 */
export interface LoadLimits {
  /** Bytes in one scenario file (`--max-file-size`). */
  maxFileBytes: number;
  /** YAML nodes in one file (`--max-nodes`). */
  maxNodes: number;
  /** Variants one matrix may expand to (`--max-variants`). */
  maxVariants: number;
}

export const DEFAULT_LIMITS: Readonly<LoadLimits> = {
  maxFileBytes: 1_000_000,
  maxNodes: 100_000,
  maxVariants: 4096,
};

const UNITS: Readonly<Record<string, number>> = { '': 1, b: 1, kb: 1000, k: 1000, mb: 1_000_000, m: 1_000_000, gb: 1_000_000_000, g: 1_000_000_000 };

/** `1MB`, `500kB`, `2000000`: a size in bytes (SI units), or null when it is not one. */
export function parseSize(text: string): number | null {
  const m = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(text.trim());
  const unit = m ? UNITS[m[2]!.toLowerCase()] : undefined;
  if (!m || unit === undefined) return null;
  const n = Math.round(Number(m[1]) * unit);
  return n > 0 && Number.isSafeInteger(n) ? n : null;
}
