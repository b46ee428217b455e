// The two ways the journey benchmarks put load on the platform, for any journey: a closed loop of N
// users back to back, and an open loop of Poisson arrivals at a fixed rate. Both return the phase
// length in seconds and report each finished journey (or failure) to the phase's recorder.

export type LoopRecorder<Timing> = {
  record(milliseconds: number, timing: Timing): void;
  fail(error: unknown): void;
  /** Journeys that ended after the window closed (closed loop only; they are not counted). */
  late: number;
};

/** N users doing journeys back to back for `seconds`; only journeys that end in the window count. */
export function closedLoop<Timing>(journey: () => Promise<Timing>, users: number, seconds: number) {
  return async (recorder: LoopRecorder<Timing>) => {
    const deadline = performance.now() + seconds * 1000;
    await Promise.all(
      Array.from({ length: users }, async () => {
        while (performance.now() < deadline) {
          const t0 = performance.now();
          try {
            const timing = await journey();
            if (performance.now() <= deadline) recorder.record(performance.now() - t0, timing);
            else recorder.late += 1;
          } catch (error) {
            recorder.fail(error);
          }
        }
      }),
    );
    return seconds;
  };
}

/** Journeys started at `rate` per second (Poisson arrivals) for `seconds`; latency counts from each scheduled start. */
export function openLoop<Timing>(journey: () => Promise<Timing>, rate: number, seconds: number) {
  return async (recorder: LoopRecorder<Timing>) => {
    const started = performance.now();
    const end = started + seconds * 1000;
    const running = new Set<Promise<void>>();
    let next = started;
    while (next < end) {
      const now = performance.now();
      if (now < next) {
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, Math.min(next - now, 5))));
        continue;
      }
      const scheduled = next;
      next += (-Math.log(1 - Math.random()) / rate) * 1000;
      const task = journey().then(
        (timing) => recorder.record(performance.now() - scheduled, timing),
        (error: unknown) => recorder.fail(error),
      );
      running.add(task);
      void task.finally(() => running.delete(task));
    }
    await Promise.all(running);
    return seconds;
  };
}
