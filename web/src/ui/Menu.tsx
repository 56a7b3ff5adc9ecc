import { useEffect, useRef } from 'preact/hooks';

export interface MenuItem {
  label: string;
  onSelect: () => void;
  danger?: boolean;
  /** For choices that are on or off (a reaction that is yours): shown as menuitemcheckbox. */
  pressed?: boolean;
}

interface Props {
  label: string;
  items: readonly MenuItem[];
  /** Where to open: the opener's rectangle (keyboard) or the pointer position (right click). */
  at: { x: number; y: number };
  /** `restoreFocus`: whether focus goes back to the opener (Escape, or an item that opens nothing else). */
  onClose: (restoreFocus: boolean) => void;
  /** Lays the items out in rows (short labels such as reactions); ←/→ move too. */
  grid?: boolean;
}

const MENU_WIDTH_PX = 220;

/**
 * A popup menu following the WAI-ARIA menu pattern: focus moves into it on open, ↑/↓/Home/End move between items,
 * Enter or Space chooses, Escape closes and returns focus to the opener, Tab or a click elsewhere closes it.
 */
export function Menu({ label, items, at, onClose, grid = false }: Props) {
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const menu = ref.current;
    if (!menu) return;
    menu.querySelector<HTMLElement>('[role^="menuitem"]')?.focus();
    const onPointerDown = (event: PointerEvent) => {
      if (!menu.contains(event.target as Node)) onClose(false);
    };
    document.addEventListener('pointerdown', onPointerDown, true);
    return () => document.removeEventListener('pointerdown', onPointerDown, true);
  }, []);

  function onKeyDown(event: KeyboardEvent) {
    const menu = ref.current;
    if (!menu) return;
    const entries = [...menu.querySelectorAll<HTMLElement>('[role^="menuitem"]')];
    const current = entries.indexOf(document.activeElement as HTMLElement);
    const move = (index: number) => entries[(index + entries.length) % entries.length]?.focus();
    switch (event.key) {
      case 'ArrowRight':
        if (!grid) return;
        move(current + 1);
        break;
      case 'ArrowLeft':
        if (!grid) return;
        move(current - 1);
        break;
      case 'ArrowDown':
        move(current + 1);
        break;
      case 'ArrowUp':
        move(current - 1);
        break;
      case 'Home':
        move(0);
        break;
      case 'End':
        move(entries.length - 1);
        break;
      case 'Escape':
        onClose(true);
        break;
      case 'Tab':
        onClose(true);
        break;
      default:
        return;
    }
    event.preventDefault();
    event.stopPropagation();
  }

  // Kept inside the window: a menu opened near the right or bottom edge opens leftwards or upwards.
  const left = Math.max(8, Math.min(at.x, window.innerWidth - MENU_WIDTH_PX - 8));
  const rows = grid ? Math.ceil(items.length / 5) : items.length;
  const top = Math.max(8, Math.min(at.y, window.innerHeight - rows * 44 - 24));
  return (
    <div ref={ref} class={grid ? 'menu grid' : 'menu'} role="menu" aria-label={label} style={{ left: `${left}px`, top: `${top}px` }} onKeyDown={onKeyDown}>
      {items.map((item) => (
        <button
          key={item.label}
          type="button"
          role={item.pressed === undefined ? 'menuitem' : 'menuitemcheckbox'}
          aria-checked={item.pressed}
          tabIndex={-1}
          class={item.danger ? 'menuitem danger-text' : 'menuitem'}
          onClick={() => {
            onClose(false);
            item.onSelect();
          }}
        >
          {item.label}
        </button>
      ))}
    </div>
  );
}
