// vitals_upload.js — readings from a running source go to the patient's
// record in batches (POST /api/v1/me/observations, at most 100 a request):
// every few seconds, at once when enough have gathered, and on flush() when
// the source stops. A batch the server refuses for want of consent
// (consent_required) is dropped and reported; one that failed on the way
// (offline, server error) is kept and tried with the next. The request
// function is given, so tests can count what is sent.
export const MAX_BATCH = 100;

// post(observations) → Promise (rejects with {status, code} on failure);
// on.stored(items, alerts) after each stored batch; on.refused(err) when the
// server says no for good (4xx).
export function createUploader(post, on = {}, { everyMs = 5000, batch = 20 } = {}) {
  let queue = [];
  let sending = null;
  const timer = setInterval(() => { flush(); }, everyMs);

  // One batch; false when it failed on the way and was put back.
  async function send() {
    const items = queue.slice(0, MAX_BATCH);
    queue = queue.slice(items.length);
    try {
      const out = await post(items);
      on.stored?.(out?.items || [], out?.alerts || []);
      return true;
    } catch (err) {
      if (err && err.status >= 400 && err.status < 500) {
        on.refused?.(err);
        return true;
      }
      queue = items.concat(queue).slice(-10 * MAX_BATCH); // kept; the oldest go if it never comes back
      return false;
    }
  }

  // Sends what is queued, a batch at a time, until the queue is empty or a
  // batch fails on the way; resolves when that is done.
  async function flush() {
    while (sending) await sending;
    let going = true;
    while (going && queue.length > 0) {
      sending = send();
      try { going = await sending; } finally { sending = null; }
    }
  }

  return {
    // reading: {code, value, unit, at, source}
    add(reading) {
      queue.push(reading);
      if (queue.length >= batch) flush();
    },
    flush,
    // Stops the timer; what is queued is sent first.
    async close() {
      clearInterval(timer);
      await flush();
    },
    pending: () => queue.length,
  };
}
