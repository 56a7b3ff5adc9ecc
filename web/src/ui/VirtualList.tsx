import { Component, createRef, type ComponentChildren } from 'preact';
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { anchorShift, covers, prefixOffsets, visibleRange } from './virtual';

interface Props<T> {
  items: readonly T[];
  itemKey: (item: T) => string;
  renderItem: (item: T, index: number) => ComponentChildren;
  /**
   * Rows re-render only when their item (by identity) or this value changes: everything else a row shows that is
   * not in its item (read ticks, names, a highlight) must be folded into it.
   */
  version: string;
  /** Height assumed for rows not measured yet. */
  estimate: number;
  /**
   * Measured row heights by key, owned by the caller so they outlive the list: a chat opened again is laid out
   * right at once, with no second render after measuring.
   */
  heights: Map<string, number>;
  label: string;
  /** Whether the list follows new rows when scrolled to the bottom (false while older messages are shown). */
  followBottom: boolean;
  /** When `nonce` changes, the row with `key` is scrolled to the middle of the viewport. */
  scrollTo?: { key: string; nonce: number } | null;
  /** Called when the user scrolls near the top (load older history). */
  onNearTop?: () => void;
  /** Called when the user scrolls near the bottom (load newer history, after a jump). */
  onNearBottom?: () => void;
  /** Called with the index of the last row fully or partly visible (read receipts). */
  onVisibleEnd?: (index: number) => void;
}

/** Rendered beyond the viewport on each side; the list re-renders only when the viewport leaves this margin. */
const OVERSCAN_PX = 800;
/** How far the viewport may move inside the rendered margin before the window is recomputed. */
const SLACK_PX = 400;
const NEAR_EDGE_PX = 400;
/** Within this distance of the bottom the list follows new messages, like every chat app. */
const STICKY_PX = 80;
const ASSUMED_HEIGHT_PX = 800;

interface Viewport {
  top: number;
  height: number;
}

/**
 * A vertically scrolling list that renders only the rows near the viewport. Why it stays under a frame's budget on
 * a 10,000-row history:
 * - heights are measured once per row by one ResizeObserver (no forced synchronous layout) and cached by key, so
 *   offsets are a prefix sum recomputed only when a height changes;
 * - scroll events are coalesced to one read per animation frame, and the window is recomputed only when the
 *   viewport leaves the rendered margin (`SLACK_PX`), so most frames render nothing;
 * - each row is a component that re-renders only when its item or `version` changes; a row that merely moves gets
 *   its transform set directly, without diffing its content;
 * - rows measured above the viewport shift the scroll position by their height change, so what is on screen stays
 *   still while estimated heights become real ones (scrolling up through unmeasured history).
 */
export function VirtualList<T>(props: Props<T>) {
  const { items, itemKey, renderItem, version, estimate, label, followBottom, scrollTo } = props;
  const heights = useRef(props.heights);
  const scroller = useRef<HTMLDivElement>(null);
  const [measureVersion, setMeasureVersion] = useState(0);
  // Null until the list has measured itself; until then it assumes it shows the bottom (where a chat opens).
  const [measured, setViewport] = useState<Viewport | null>(null);
  const atBottom = useRef(true);
  const firstKey = useRef<string | null>(null);
  // The latest props and layout for the observers and the scroll handler, which are created once.
  const live = useRef({ props, offsets: new Float64Array(1) as Float64Array, lead: 0, rendered: [0, 0] as [number, number], viewport: measured });

  const keys = useMemo(() => items.map(itemKey), [items]);
  const offsets = useMemo(() => prefixOffsets(keys.map((k) => heights.current.get(k) ?? estimate)), [keys, measureVersion]);
  const total = offsets[offsets.length - 1] ?? 0;
  const viewport = measured ?? { top: Math.max(0, total - ASSUMED_HEIGHT_PX), height: ASSUMED_HEIGHT_PX };
  // A short conversation sits at the bottom, next to the composer, like every chat app.
  const lead = Math.max(0, viewport.height - total);
  const [start, end] = visibleRange(offsets, viewport.top - lead, viewport.height, OVERSCAN_PX);
  live.current = { props, offsets, lead, rendered: [start, end], viewport: measured };

  // One observer measures every row; its callback runs after layout and before paint, batched per frame.
  const [observer] = useState(
    () =>
      new ResizeObserver((entries) => {
        const root = scroller.current;
        if (!root) return;
        const { offsets: currentOffsets, lead: currentLead } = live.current;
        const changes: { index: number; delta: number }[] = [];
        for (const entry of entries) {
          const element = entry.target as HTMLElement;
          const key = element.dataset.rowKey ?? '';
          const height = entry.borderBoxSize[0]?.blockSize ?? element.offsetHeight;
          const old = heights.current.get(key);
          if (height <= 0 || old === height) continue;
          heights.current.set(key, height);
          const index = Number(element.dataset.rowIndex);
          const previous = old ?? (currentOffsets[index + 1] ?? 0) - (currentOffsets[index] ?? 0);
          changes.push({ index, delta: height - previous });
        }
        if (changes.length === 0) return;
        if (!atBottom.current || !live.current.props.followBottom) {
          const shift = anchorShift(currentOffsets, root.scrollTop - currentLead, changes);
          if (shift !== 0) root.scrollTop += shift;
        }
        setMeasureVersion((v) => v + 1);
      }),
  );
  useEffect(() => () => observer.disconnect(), []);

  // Back to the newest window (after a jump): show its bottom, as when the chat opens.
  useLayoutEffect(() => {
    if (followBottom) atBottom.current = true;
  }, [followBottom]);

  // Keep position: follow the bottom, or hold the first visible row still when older rows arrive above it.
  useLayoutEffect(() => {
    const root = scroller.current;
    if (!root) return;
    const previousFirst = firstKey.current;
    firstKey.current = keys[0] ?? null;
    if (atBottom.current && followBottom) {
      root.scrollTop = root.scrollHeight;
    } else if (previousFirst !== null && previousFirst !== keys[0]) {
      const index = keys.indexOf(previousFirst);
      if (index > 0) root.scrollTop += offsets[index] ?? 0;
    }
  }, [keys, total]);

  const scrolledTo = useRef(0);
  useLayoutEffect(() => {
    const root = scroller.current;
    if (!root || !scrollTo || scrolledTo.current === scrollTo.nonce) return;
    const index = keys.indexOf(scrollTo.key);
    if (index < 0) return;
    scrolledTo.current = scrollTo.nonce;
    const rowTop = lead + (offsets[index] ?? 0);
    const rowHeight = (offsets[index + 1] ?? rowTop) - (offsets[index] ?? 0);
    atBottom.current = false;
    root.scrollTop = Math.max(0, rowTop - (root.clientHeight - rowHeight) / 2);
    setViewport({ top: root.scrollTop, height: root.clientHeight });
  }, [scrollTo?.nonce, scrollTo?.key, keys]);

  useLayoutEffect(() => {
    const root = scroller.current;
    if (!root) return;
    let frame = 0;
    const read = () => {
      frame = 0;
      const { props: current, offsets: o, lead: l, rendered, viewport: shown } = live.current;
      const top = root.scrollTop;
      const height = root.clientHeight;
      atBottom.current = root.scrollHeight - top - height < STICKY_PX;
      const needed = visibleRange(o, top - l, height, OVERSCAN_PX - SLACK_PX);
      if (!covers(rendered, needed) || height !== shown?.height) setViewport({ top, height });
      if (top < NEAR_EDGE_PX) current.onNearTop?.();
      if (root.scrollHeight - top - height < NEAR_EDGE_PX) current.onNearBottom?.();
      const last = visibleRange(o, top - l, height, 0)[1] - 1;
      if (last >= 0) current.onVisibleEnd?.(last);
    };
    const schedule = () => {
      if (frame === 0) frame = requestAnimationFrame(read);
    };
    read();
    const resize = new ResizeObserver(schedule);
    resize.observe(root);
    root.addEventListener('scroll', schedule, { passive: true });
    return () => {
      if (frame !== 0) cancelAnimationFrame(frame);
      resize.disconnect();
      root.removeEventListener('scroll', schedule);
    };
  }, []);

  // New rows at the bottom are read at once when the user is there.
  const lastVisible = visibleRange(offsets, viewport.top - lead, viewport.height, 0)[1] - 1;
  useLayoutEffect(() => {
    if (lastVisible >= 0) props.onVisibleEnd?.(lastVisible);
  }, [lastVisible, items.length]);

  const rows = [];
  for (let i = start; i < end; i++) {
    const item = items[i];
    const key = keys[i];
    if (item === undefined || key === undefined) continue;
    rows.push(
      <VirtualRow
        key={key}
        rowKey={key}
        index={i}
        size={items.length}
        y={lead + (offsets[i] ?? 0)}
        item={item}
        version={version}
        render={renderItem}
        observer={observer}
      />,
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

interface RowProps {
  rowKey: string;
  index: number;
  size: number;
  y: number;
  item: unknown;
  version: string;
  render: (item: never, index: number) => ComponentChildren;
  observer: ResizeObserver;
}

/** One positioned row. Moving it only rewrites its transform; its content re-renders when the item or version changes. */
class VirtualRow extends Component<RowProps> {
  private readonly element = createRef<HTMLDivElement>();

  override shouldComponentUpdate(next: RowProps): boolean {
    const current = this.props;
    if (next.item !== current.item || next.version !== current.version || next.size !== current.size || next.index !== current.index) return true;
    const element = this.element.current;
    if (next.y !== current.y && element) element.style.transform = `translateY(${next.y}px)`;
    return false;
  }

  override componentDidMount(): void {
    const element = this.element.current;
    if (element) this.props.observer.observe(element);
  }

  override componentWillUnmount(): void {
    const element = this.element.current;
    if (element) this.props.observer.unobserve(element);
  }

  override render({ rowKey, index, size, y, item, render }: RowProps) {
    return (
      <div ref={this.element} data-row-key={rowKey} data-row-index={index} class="vrow" role="listitem" aria-setsize={size} aria-posinset={index + 1} style={{ transform: `translateY(${y}px)` }}>
        {render(item as never, index)}
      </div>
    );
  }
}
