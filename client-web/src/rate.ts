import type { Clock } from './clock';

/** At most {@code max} events per sliding window of {@code windowMs}: the SDK's own send budgets. */
export class RateWindow {
  private readonly times: number[] = [];

  constructor(private readonly max: number, private readonly windowMs: number, private readonly clock: Clock) {
  }

  tryAcquire(): boolean {
    const now = this.clock.now();
    while (this.times.length > 0 && now - this.times[0]! >= this.windowMs) {
      this.times.shift();
    }
    if (this.times.length >= this.max) {
      return false;
    }
    this.times.push(now);
    return true;
  }
}
