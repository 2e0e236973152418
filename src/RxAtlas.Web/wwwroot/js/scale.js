// Colour and size scaling on percentiles, so one huge practice does not wash out the rest of the map.

/** Linear-interpolated percentile (0..100) of an ascending array. */
export function percentile(sorted, p) {
  if (!sorted.length) return 0;
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
}

/** A 0..1 position for each value between the 5th and 95th percentiles (clamped outside them). */
export function percentileScale(values, lowP = 5, highP = 95) {
  const sorted = values.filter(v => Number.isFinite(v)).sort((a, b) => a - b);
  const low = percentile(sorted, lowP);
  const high = percentile(sorted, highP);
  const span = high - low;
  return {
    low,
    high,
    position: v => (span > 0 ? Math.min(1, Math.max(0, (v - low) / span)) : 0.5),
  };
}

/** The sequential palette (light yellow → dark red) shared by the map and its legend. */
export const PALETTE = ['#ffffb2', '#fecc5c', '#fd8d3c', '#f03b20', '#bd0026'];
