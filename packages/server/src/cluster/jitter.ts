/**
 * How many requests one worker serves before it is recycled: `maxRequests` plus a random
 * 0..`jitter` (both ends included), drawn once per worker. Without the jitter, workers that
 * started together would all reach the limit together and restart at the same moment
 * (gunicorn's `max_requests_jitter` exists for the same reason). 0 means "never recycle",
 * whatever the jitter.
 *
 * @example
 * requestLimit(1000, 50); // somewhere in 1000..1050
 * requestLimit(1000, 50, () => 0.999); // 1050
 * requestLimit(0, 50); // 0: recycling is off
 */
export function requestLimit(
  maxRequests: number,
  jitter: number,
  random: () => number = Math.random,
): number {
  if (maxRequests <= 0) return 0;
  if (jitter <= 0) return maxRequests;
  // floor(random * (J + 1)) is uniform over 0..J; the min guards a random() that returns 1.
  return maxRequests + Math.min(jitter, Math.floor(random() * (jitter + 1)));
}
