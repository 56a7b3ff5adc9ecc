/**
 * Window arithmetic for the virtualised message list: rows have measured (or estimated) heights; only rows that
 * intersect the viewport plus an overscan margin are rendered, so 10,000 messages cost as much as 30.
 */
export function prefixOffsets(heights: readonly number[]): Float64Array {
  const offsets = new Float64Array(heights.length + 1);
  for (let i = 0; i < heights.length; i++) offsets[i + 1] = (offsets[i] ?? 0) + (heights[i] ?? 0);
  return offsets;
}

/** Index of the row containing pixel `y` (clamped to the rows that exist). */
export function rowAt(offsets: Float64Array, y: number): number {
  const rows = offsets.length - 1;
  if (rows <= 0) return 0;
  let lo = 0;
  let hi = rows - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if ((offsets[mid] ?? 0) <= y) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Rows [start, end) to render for a viewport at scrollTop with the given height. */
export function visibleRange(offsets: Float64Array, scrollTop: number, viewport: number, overscan: number): [number, number] {
  const rows = offsets.length - 1;
  if (rows <= 0) return [0, 0];
  const start = rowAt(offsets, Math.max(0, scrollTop - overscan));
  const end = rowAt(offsets, scrollTop + viewport + overscan) + 1;
  return [start, Math.min(rows, end)];
}

/** Whether the rendered rows [start, end) include every row of `needed`. */
export function covers(rendered: readonly [number, number], needed: readonly [number, number]): boolean {
  return rendered[0] <= needed[0] && needed[1] <= rendered[1];
}

/**
 * How far to move the scroll position when rows change height, so the content on screen stays still: the sum of
 * the changes of rows that end at or above the viewport's top (`offsets` are the positions before the change).
 */
export function anchorShift(offsets: Float64Array, viewTop: number, changes: readonly { index: number; delta: number }[]): number {
  let shift = 0;
  for (const { index, delta } of changes) if ((offsets[index + 1] ?? Infinity) <= viewTop) shift += delta;
  return shift;
}
