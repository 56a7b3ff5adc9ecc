import type { ComponentChildren } from 'preact';
import { useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { prefixOffsets, visibleRange } from './virtual';

interface Props<T> {
  items: readonly T[];
  itemKey: (item: T) => string;
  renderItem: (item: T, index: number) => ComponentChildren;
  /** Height assumed for rows not measured yet. */
  estimate: number;
  label: string;
  /** Called when the user scrolls near the top (load older history). */
  onNearTop?: () => void;
  /** Called with the index of the last row fully or partly visible (read receipts). */
  onVisibleEnd?: (index: number) => void;
}

const OVERSCAN_PX = 600;
const NEAR_TOP_PX = 400;
/** Within this distance of the bottom the list follows new messages, like every chat app. */
const STICKY_PX = 80;

/**
 * A vertically scrolling list that renders only the rows in view. Rows are absolutely positioned by their measured
 * heights (estimated until measured); the list sticks to the bottom when the user is there, and keeps the visible
 * row still when older rows are prepended.
 */
export function VirtualList<T>({ items, itemKey, renderItem, estimate, label, onNearTop, onVisibleEnd }: Props<T>) {
  const scroller = useRef<HTMLDivElement>(null);
  const heights = useRef(new Map<string, number>());
  const [measureVersion, setMeasureVersion] = useState(0);
  const [viewport, setViewport] = useState({ top: 0, height: 800 });
  const atBottom = useRef(true);
  const firstKey = useRef<string | null>(null);

  const keys = useMemo(() => items.map(itemKey), [items]);
  const offsets = useMemo(() => prefixOffsets(keys.map((k) => heights.current.get(k) ?? estimate)), [keys, measureVersion]);
  const total = offsets[offsets.length - 1] ?? 0;
  // A short conversation sits at the bottom, next to the composer, like every chat app.
  const lead = Math.max(0, viewport.height - total);
  const [start, end] = visibleRange(offsets, viewport.top - lead, viewport.height, OVERSCAN_PX);

  // Measure rendered rows; a changed height re-lays out the list.
  useLayoutEffect(() => {
    const root = scroller.current;
    if (!root) return;
    let changed = false;
    for (const row of root.querySelectorAll<HTMLElement>('[data-row-key]')) {
      const key = row.dataset.rowKey ?? '';
      const height = row.offsetHeight;
      if (height > 0 && heights.current.get(key) !== height) {
        heights.current.set(key, height);
        changed = true;
      }
    }
    if (changed) setMeasureVersion((v) => v + 1);
  });

  // Keep position: follow the bottom, or hold the first visible row still when older rows arrive above it.
  useLayoutEffect(() => {
    const root = scroller.current;
    if (!root) return;
    const previousFirst = firstKey.current;
    firstKey.current = keys[0] ?? null;
    if (atBottom.current) {
      root.scrollTop = root.scrollHeight;
    } else if (previousFirst !== null && previousFirst !== keys[0]) {
      const index = keys.indexOf(previousFirst);
      if (index > 0) root.scrollTop += offsets[index] ?? 0;
    }
  }, [keys, total]);

  useLayoutEffect(() => {
    const root = scroller.current;
    if (!root) return;
    const update = () => {
      atBottom.current = root.scrollHeight - root.scrollTop - root.clientHeight < STICKY_PX;
      setViewport({ top: root.scrollTop, height: root.clientHeight });
      if (root.scrollTop < NEAR_TOP_PX) onNearTop?.();
    };
    update();
    const observer = new ResizeObserver(update);
    observer.observe(root);
    root.addEventListener('scroll', update, { passive: true });
    return () => {
      observer.disconnect();
      root.removeEventListener('scroll', update);
    };
  }, [onNearTop]);

  const lastVisible = visibleRange(offsets, viewport.top - lead, viewport.height, 0)[1] - 1;
  useLayoutEffect(() => {
    if (lastVisible >= 0) onVisibleEnd?.(lastVisible);
  }, [lastVisible, items.length]);

  const rows = [];
  for (let i = start; i < end; i++) {
    const item = items[i];
    const key = keys[i];
    if (item === undefined || key === undefined) continue;
    rows.push(
      <div key={key} data-row-key={key} class="vrow" role="listitem" aria-setsize={items.length} aria-posinset={i + 1} style={{ transform: `translateY(${lead + (offsets[i] ?? 0)}px)` }}>
        {renderItem(item, i)}
      </div>,
    );
  }
  return (
    <div ref={scroller} class="vlist" tabIndex={0} aria-label={label} role="region">
      <div class="vlist-inner" role="list" style={{ height: `${total + lead}px` }}>
        {rows}
      </div>
    </div>
  );
}
