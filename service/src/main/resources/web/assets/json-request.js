/*
 * One JSON request helper for the customer-facing pages (the survey and the chat panel): a timeout, no cache,
 * and the body read as JSON when there is one. Resolves to {status, data}; rejects only when the server could
 * not be reached (or did not answer in time).
 */
(() => {
  'use strict';

  const TIMEOUT_MS = 15000;

  async function request(url, { method = 'GET', body, headers = {}, credentials = 'same-origin' } = {}) {
    const controller = new AbortController();
    const timer = window.setTimeout(() => controller.abort(), TIMEOUT_MS);
    try {
      const all = Object.assign({ Accept: 'application/json' }, headers);
      if (body !== undefined) {
        all['Content-Type'] = 'application/json';
      }
      const response = await fetch(url, {
        method,
        headers: all,
        body: body === undefined ? undefined : JSON.stringify(body),
        cache: 'no-store',
        credentials,
        signal: controller.signal
      });
      let data = null;
      try {
        data = await response.json();
      } catch (e) {
        data = null;
      }
      return { status: response.status, data };
    } finally {
      window.clearTimeout(timer);
    }
  }

  window.CloseloopJson = Object.freeze({ request });
})();
