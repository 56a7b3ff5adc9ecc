import { describe, expect, it } from 'vitest';
import { anchorShift, covers, prefixOffsets, rowAt, visibleRange } from '../src/ui/virtual';

describe('virtual list window', () => {
  const offsets = prefixOffsets(Array.from({ length: 10_000 }, (_, i) => (i % 2 === 0 ? 40 : 60)));

  it('accumulates row heights', () => {
    expect(Array.from(prefixOffsets([10, 20, 30]))).toEqual([0, 10, 30, 60]);
    expect(offsets[10_000]).toBe(500_000);
  });

  it('finds the row under a pixel', () => {
    expect(rowAt(offsets, 0)).toBe(0);
    expect(rowAt(offsets, 39)).toBe(0);
    expect(rowAt(offsets, 40)).toBe(1);
    expect(rowAt(offsets, 499_999)).toBe(9_999);
    expect(rowAt(offsets, 10_000_000)).toBe(9_999);
  });

  it('renders only the rows in view plus overscan, wherever the viewport is', () => {
    const [start, end] = visibleRange(offsets, 250_000, 800, 200);
    expect(start).toBe(4_996);
    expect(end - start).toBeLessThan(30);
    expect(visibleRange(offsets, 0, 800, 0)).toEqual([0, 17]);
    expect(visibleRange(prefixOffsets([]), 0, 800, 0)).toEqual([0, 0]);
  });
});

describe('keeping the view still and rendering less', () => {
  const offsets = prefixOffsets([50, 50, 50, 50]); // rows at 0, 50, 100, 150

  it('shifts the scroll position by height changes of rows wholly above the viewport only', () => {
    const changes = [
      { index: 0, delta: 20 },
      { index: 1, delta: -10 },
      { index: 2, delta: 30 }, // straddles the viewport top at 120: stays where it is
    ];
    expect(anchorShift(offsets, 120, changes)).toBe(10);
    expect(anchorShift(offsets, 0, changes)).toBe(0);
  });

  it('re-renders only when the needed rows leave the rendered ones', () => {
    expect(covers([10, 40], [12, 30])).toBe(true);
    expect(covers([10, 40], [8, 30])).toBe(false);
    expect(covers([10, 40], [12, 41])).toBe(false);
  });
});
