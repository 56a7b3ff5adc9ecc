/** "5 minutes ago" in the browser's locale, from Unix seconds. */
export function relativeTime(unixSeconds: number, nowMs: number = Date.now(), locale?: string): string {
  const seconds = Math.round(unixSeconds - nowMs / 1000);
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  const abs = Math.abs(seconds);
  if (abs < 60) return format.format(seconds, 'second');
  if (abs < 3600) return format.format(Math.round(seconds / 60), 'minute');
  if (abs < 86400) return format.format(Math.round(seconds / 3600), 'hour');
  return format.format(Math.round(seconds / 86400), 'day');
}

// Formatters are costly to create (toLocaleTimeString builds one per call), and every rendered row shows a time.
const formatters = new Map<string, { time: Intl.DateTimeFormat; day: Intl.DateTimeFormat }>();

function formattersFor(locale: string | undefined) {
  const key = locale ?? '';
  let found = formatters.get(key);
  if (!found) {
    found = {
      time: new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' }),
      day: new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short' }),
    };
    formatters.set(key, found);
  }
  return found;
}

/** A message time: hh:mm today, otherwise a short date. */
export function messageTime(unixSeconds: number, nowMs: number = Date.now(), locale?: string): string {
  const date = new Date(unixSeconds * 1000);
  const today = new Date(nowMs);
  const sameDay = today.getFullYear() === date.getFullYear() && today.getMonth() === date.getMonth() && today.getDate() === date.getDate();
  const { time, day } = formattersFor(locale);
  return sameDay ? time.format(date) : day.format(date);
}
