// Figure: time until the deputy's home is usable on a simulated mid-range phone — Chromium with
// the CPU slowed 4× and a "fast 3G" connection (150 ms, 1.6 Mbit/s down) — against the platform
// as `npm start` runs it. A benchmark, not a test: it prints the figure.
//   npm run -w @onenet/portal build && npx node apps/portal/scripts/tti.ts
import { PHONE, login, newPage, startE2E } from '../test/e2e/harness.ts';

const e2e = await startE2E();
try {
  const { context, page } = await newPage(e2e, PHONE);
  await login(page, e2e, 'hejie-deputy');
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  // A cold start: nothing from the HTTP cache or the service worker.
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.setBypassServiceWorker', { bypass: true });
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8 });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  const runs: number[] = [];
  for (let i = 0; i < 3; i++) {
    const started = Date.now();
    await page.goto(`${e2e.url}/work/deputy`);
    // Usable: the page's heading and its answer (the record or the "not registered" state) shown.
    await page.locator('.page-title h1').waitFor();
    await page.locator('.ant-empty, .duty').first().waitFor();
    runs.push(Date.now() - started);
  }
  const transferred = await page.evaluate(() => performance.getEntriesByType('resource').reduce((s, r) => s + ((r as PerformanceResourceTiming).transferSize || 0), 0));
  console.log(`deputy home, 4× CPU, fast 3G, cold cache: ${runs.map((r) => `${(r / 1000).toFixed(2)} s`).join(', ')} (median ${(runs.sort((a, b) => a - b)[1]! / 1000).toFixed(2)} s); ${(transferred / 1024).toFixed(0)} KB transferred on the last load`);
} finally {
  await e2e.stop();
}
