// Times and rates as a forecast says them: a clock time for today's moments, a short span, a rate per hour.
import { formatCost } from './format';

/** 16:40 today; "Thu 16:40" on another day (the user's locale and time zone). */
export function formatClock(ms: number, now = Date.now()): string {
  const time = new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  return new Date(ms).toDateString() === new Date(now).toDateString()
    ? time
    : `${new Date(ms).toLocaleDateString([], { weekday: 'short' })} ${time}`;
}

/** 16:40:05: the moment a notice's figures were taken (two notices a few seconds apart read apart). */
export function formatTimeOfDay(ms: number): string {
  return new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

/** ~25 min, ~3 h 10 min: rounded up to the minute, as "in about". */
export function formatSpan(ms: number): string {
  const minutes = Math.max(1, Math.ceil(ms / 60_000));
  if (minutes < 60) return `~${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return minutes % 60 ? `~${hours} h ${minutes % 60} min` : `~${hours} h`;
}

/** $1.20/h */
export function formatRate(usdPerHour: number): string {
  return `${formatCost(usdPerHour)}/h`;
}
