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

/** A message time: hh:mm today, otherwise a short date. */
export function messageTime(unixSeconds: number, nowMs: number = Date.now(), locale?: string): string {
  const date = new Date(unixSeconds * 1000);
  const sameDay = new Date(nowMs).toDateString() === date.toDateString();
  return sameDay
    ? date.toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' })
    : date.toLocaleDateString(locale, { day: 'numeric', month: 'short' });
}
