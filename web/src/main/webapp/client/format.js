// Times and dates as people read them, in the browser's language and time zone.

export function time(iso) {
  return new Date(iso).toLocaleTimeString([], {hour: '2-digit', minute: '2-digit'});
}

/** A date and time in full, for what happened once (a recovery code made, a request asked). */
export function dateTime(iso) {
  return new Date(iso).toLocaleString([], {dateStyle: 'medium', timeStyle: 'short'});
}

/** "14:05" today, "Mon" this week, else a short date: for the conversation list. */
export function when(iso) {
  const date = new Date(iso);
  const now = new Date();
  if (sameDay(date, now)) return time(iso);
  if (now - date < 6 * 24 * 3600 * 1000) return date.toLocaleDateString([], {weekday: 'short'});
  return date.toLocaleDateString([], {day: 'numeric', month: 'short', year: date.getFullYear() === now.getFullYear() ? undefined : 'numeric'});
}

/** A day separator's text: "Today", "Yesterday", or the date. */
export function day(iso) {
  const date = new Date(iso);
  const now = new Date();
  if (sameDay(date, now)) return 'Today';
  const yesterday = new Date(now);
  yesterday.setDate(now.getDate() - 1);
  if (sameDay(date, yesterday)) return 'Yesterday';
  return date.toLocaleDateString([], {weekday: 'long', day: 'numeric', month: 'long', year: 'numeric'});
}

export function dayKey(iso) {
  const date = new Date(iso);
  return `${date.getFullYear()}-${date.getMonth()}-${date.getDate()}`;
}

function sameDay(a, b) {
  return a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();
}
