// Clocks: the system clock for production and a settable clock for tests, so that every rule that
// depends on time (code expiry, resend waits, locks, flow expiry) can be tested without sleeping.
import type { Clock } from './ports.ts';

export const systemClock: Clock = { now: () => new Date() };

export class FakeClock implements Clock {
  #now: number;

  constructor(start: Date | string = '2026-01-15T09:00:00Z') {
    this.#now = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.#now);
  }

  advance(milliseconds: number): void {
    this.#now += milliseconds;
  }

  advanceSeconds(seconds: number): void {
    this.advance(seconds * 1000);
  }

  advanceMinutes(minutes: number): void {
    this.advance(minutes * 60_000);
  }

  set(instant: Date | string): void {
    this.#now = new Date(instant).getTime();
  }
}

export function addSeconds(date: Date, seconds: number): Date {
  return new Date(date.getTime() + seconds * 1000);
}

export function secondsUntil(from: Date, until: Date): number {
  return Math.max(1, Math.ceil((until.getTime() - from.getTime()) / 1000));
}
