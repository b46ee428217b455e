// The AttemptCounters contract, for every adapter. Checks: hits add up in an epoch-aligned window and restart
// at zero in the next; keys are independent (even prefixes); `reset` forgets every window of one key only;
// concurrent hits, on one instance or two over one store, are never lost; bad windows or amounts are refused.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AttemptCounters } from '../../src/core/ports.ts';

export interface AttemptCountersUnderTest {
  counters: AttemptCounters;
  close(): Promise<void>;
}

/**
 * `make` must return a NEW instance over the SAME backing store every time it is called (a second
 * database handle on the same schema, a second Redis client with the same prefix), so that two
 * calls stand for two app processes. Every test uses keys of its own.
 */
export function describeAttemptCountersContract(name: string, make: () => Promise<AttemptCountersUnderTest>): void {
  // An epoch-aligned instant: 09:00:00 starts a minute window and an hour window.
  const aligned = new Date('2026-01-15T09:00:00.000Z');
  const at = (milliseconds: number) => new Date(aligned.getTime() + milliseconds);
  const freshKey = (label: string) => `contract:${label}:${crypto.randomUUID()}`;

  async function withCounters(work: (counters: AttemptCounters) => Promise<void>): Promise<void> {
    const subject = await make();
    try {
      await work(subject.counters);
    } finally {
      await subject.close();
    }
  }

  describe(`AttemptCounters contract: ${name}`, () => {
    it('when a key is hit several times within one window, then each hit returns the running total and count agrees', () =>
      withCounters(async (counters) => {
        const key = freshKey('accumulate');
        assert.equal(await counters.count(key, 60, at(0)), 0);
        assert.equal(await counters.hit(key, 60, at(0)), 1);
        assert.equal(await counters.hit(key, 60, at(10_000)), 2);
        assert.equal(await counters.hit(key, 60, at(59_999)), 3);
        assert.equal(await counters.count(key, 60, at(30_000)), 3);
      }));

    it('when the clock reaches the end of the window, then the key starts again from zero in the new window', () =>
      withCounters(async (counters) => {
        const key = freshKey('next-window');
        await counters.hit(key, 60, at(5_000));
        await counters.hit(key, 60, at(6_000));
        assert.equal(await counters.count(key, 60, at(59_999)), 2, 'the last millisecond is still the same window');
        assert.equal(await counters.count(key, 60, at(60_000)), 0, 'a new window starts at zero');
        assert.equal(await counters.hit(key, 60, at(60_000)), 1);
        assert.equal(await counters.hit(key, 60, at(120_000 + 1)), 1, 'and so does the one after');
        assert.equal(await counters.count(key, 60, at(61_000)), 1, 'an earlier window keeps its own total');
      }));

    it('when a window is not a whole minute, then windows are still aligned to the epoch', () =>
      withCounters(async (counters) => {
        const key = freshKey('alignment');
        // 7-second windows: 09:00:00 (1768467600 s after the epoch) lies 4 s into one, which began at 08:59:56.
        const offset = ((aligned.getTime() / 1000) % 7) * 1000;
        const windowStart = -offset;
        await counters.hit(key, 7, at(windowStart));
        await counters.hit(key, 7, at(windowStart + 6_999));
        assert.equal(await counters.count(key, 7, at(windowStart + 3_000)), 2);
        assert.equal(await counters.count(key, 7, at(windowStart + 7_000)), 0);
        assert.equal(await counters.count(key, 7, at(windowStart - 1)), 0);
      }));

    it('when different keys are hit, then each keeps its own total, even when one key is a prefix of another', () =>
      withCounters(async (counters) => {
        const base = freshKey('independent');
        const longer = `${base}:1`;
        const other = freshKey('independent-other');
        await counters.hit(base, 60, at(0));
        await counters.hit(longer, 60, at(0));
        await counters.hit(longer, 60, at(0));
        await counters.hit(other, 60, at(0), 5);
        assert.equal(await counters.count(base, 60, at(1)), 1);
        assert.equal(await counters.count(longer, 60, at(1)), 2);
        assert.equal(await counters.count(other, 60, at(1)), 5);
        await counters.reset(base);
        assert.equal(await counters.count(base, 60, at(1)), 0);
        assert.equal(await counters.count(longer, 60, at(1)), 2, 'resetting a key leaves a longer key alone');
        assert.equal(await counters.count(other, 60, at(1)), 5);
      }));

    it('when a hit adds more than one, then the total grows by that amount', () =>
      withCounters(async (counters) => {
        const key = freshKey('by');
        assert.equal(await counters.hit(key, 3600, at(0), 3), 3);
        assert.equal(await counters.hit(key, 3600, at(1), 1), 4);
        assert.equal(await counters.hit(key, 3600, at(2), 10), 14);
        assert.equal(await counters.count(key, 3600, at(3)), 14);
      }));

    it('when a key is reset, then every window of it is forgotten and hits start again from one', () =>
      withCounters(async (counters) => {
        const key = freshKey('reset');
        await counters.hit(key, 60, at(0), 4);
        await counters.hit(key, 60, at(60_000), 2);
        await counters.reset(key);
        assert.equal(await counters.count(key, 60, at(60_000)), 0, 'the current window is forgotten');
        assert.equal(await counters.count(key, 60, at(0)), 0, 'and so is the earlier one');
        assert.equal(await counters.hit(key, 60, at(60_001)), 1);
        await counters.reset(freshKey('never-hit'));
      }));

    it('when 200 hits on one key run concurrently, then the total is exactly 200 and each hit saw a distinct total', () =>
      withCounters(async (counters) => {
        const key = freshKey('concurrent');
        const totals = await Promise.all(Array.from({ length: 200 }, (_, index) => counters.hit(key, 60, at(index))));
        assert.equal(await counters.count(key, 60, at(500)), 200);
        assert.deepEqual(
          [...totals].sort((a, b) => a - b),
          Array.from({ length: 200 }, (_, index) => index + 1),
        );
      }));

    it('when two instances share one store, then each sees the other’s hits and resets', async () => {
      const first = await make();
      const second = await make();
      try {
        const key = freshKey('shared');
        await first.counters.hit(key, 60, at(0), 3);
        assert.equal(await second.counters.hit(key, 60, at(1_000), 2), 5);
        assert.equal(await first.counters.count(key, 60, at(2_000)), 5);
        await second.counters.reset(key);
        assert.equal(await first.counters.count(key, 60, at(2_000)), 0);
      } finally {
        await first.close();
        await second.close();
      }
    });

    it('when two instances hit one key concurrently, then no hit is lost', async () => {
      const first = await make();
      const second = await make();
      try {
        const key = freshKey('shared-concurrent');
        const hits = Array.from({ length: 200 }, (_, index) => (index % 2 === 0 ? first : second).counters.hit(key, 60, at(index)));
        const totals = await Promise.all(hits);
        assert.equal(await first.counters.count(key, 60, at(1_000)), 200);
        assert.equal(await second.counters.count(key, 60, at(1_000)), 200);
        assert.equal(new Set(totals).size, 200);
      } finally {
        await first.close();
        await second.close();
      }
    });

    it('when the window or the amount is not a positive whole number, then the call is refused and nothing is counted', () =>
      withCounters(async (counters) => {
        const key = freshKey('invalid');
        await assert.rejects(counters.hit(key, 0, at(0)), RangeError);
        await assert.rejects(counters.hit(key, -60, at(0)), RangeError);
        await assert.rejects(counters.hit(key, Number.NaN, at(0)), RangeError);
        await assert.rejects(counters.hit(key, 60, at(0), 0), RangeError);
        await assert.rejects(counters.hit(key, 60, at(0), 1.5), RangeError);
        await assert.rejects(counters.count(key, 0, at(0)), RangeError);
        assert.equal(await counters.count(key, 60, at(0)), 0);
      }));
  });
}
