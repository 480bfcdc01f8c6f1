/** Summary of a set of samples (latencies in ms, or any positive measure). */
export interface Summary {
  count: number;
  mean: number;
  min: number;
  max: number;
  p50: number;
  p95: number;
}

/** Nearest-rank percentile of sorted samples: p in [0, 100]. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] as number;
}

export function summarize(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const sum = sorted.reduce((total, value) => total + value, 0);
  return {
    count: sorted.length,
    mean: sorted.length === 0 ? Number.NaN : sum / sorted.length,
    min: sorted[0] ?? Number.NaN,
    max: sorted[sorted.length - 1] ?? Number.NaN,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
  };
}

/** Completed operations per second over an elapsed time in milliseconds. */
export function perSecond(count: number, elapsedMs: number): number {
  return elapsedMs > 0 ? (count * 1000) / elapsedMs : 0;
}

/** a / b, or NaN when b is 0: a ratio against a zero baseline means nothing. */
export function ratio(a: number, b: number): number {
  return b === 0 ? Number.NaN : a / b;
}

export interface LinearFit {
  intercept: number;
  slope: number;
  /** Coefficient of determination: 1 when every point sits on the line. */
  r2: number;
}

/** Least-squares line through (x, y) points; needs two distinct x values. */
export function linearFit(points: readonly { x: number; y: number }[]): LinearFit {
  const n = points.length;
  const meanX = points.reduce((sum, point) => sum + point.x, 0) / n;
  const meanY = points.reduce((sum, point) => sum + point.y, 0) / n;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (const { x, y } of points) {
    sxx += (x - meanX) ** 2;
    sxy += (x - meanX) * (y - meanY);
    syy += (y - meanY) ** 2;
  }
  if (n < 2 || sxx === 0) throw new Error('linearFit: needs at least two distinct x values');
  const slope = sxy / sxx;
  return { slope, intercept: meanY - slope * meanX, r2: syy === 0 ? 1 : (sxy * sxy) / (sxx * syy) };
}

/**
 * Growth exponent k of y ≈ c·x^k between consecutive points (log-log slope): 1 is linear,
 * 2 quadratic. Says how cost grows from one size to the next without assuming a model.
 */
export function growthExponents(points: readonly { x: number; y: number }[]): number[] {
  const exponents: number[] = [];
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1] as { x: number; y: number };
    const b = points[i] as { x: number; y: number };
    exponents.push(a.y > 0 && b.y > 0 && a.x > 0 && b.x !== a.x ? Math.log(b.y / a.y) / Math.log(b.x / a.x) : Number.NaN);
  }
  return exponents;
}

/**
 * One exponent k for all the points (least squares on log y against log x, y ≈ c·x^k): the
 * scaling exponent of a measure over every size at once; 1 is linear. Undefined under two sizes.
 */
export function scalingExponent(points: readonly { x: number; y: number }[]): { exponent: number; r2: number } | undefined {
  const logs = points.filter((point) => point.x > 0 && point.y > 0).map((point) => ({ x: Math.log(point.x), y: Math.log(point.y) }));
  if (new Set(logs.map((point) => point.x)).size < 2) return undefined;
  const fit = linearFit(logs);
  return { exponent: fit.slope, r2: fit.r2 };
}
