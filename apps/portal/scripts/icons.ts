// Renders public/icons/favicon.svg into the PNG icons the web app manifest and iOS need, with
// Debian's Chromium. The PNGs are committed; run again after changing the SVG:
//   npm run -w @onenet/portal icons
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const dir = fileURLToPath(new URL('../public/icons/', import.meta.url));
const svg = readFileSync(join(dir, 'favicon.svg'), 'utf8');

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage();
  // name, size, and the share of the canvas the symbol takes (maskable icons keep a safe zone).
  const icons: [string, number, number][] = [['icon-192.png', 192, 1], ['icon-512.png', 512, 1], ['maskable-512.png', 512, 0.72], ['apple-touch-icon.png', 180, 0.86]];
  for (const [name, size, scale] of icons) {
    await page.setViewportSize({ width: size, height: size });
    const inner = Math.round(size * scale);
    await page.setContent(`<html><body style="margin:0;width:${size}px;height:${size}px;display:flex;align-items:center;justify-content:center;background:#a8071a">
      <div style="width:${inner}px;height:${inner}px">${svg.replace('<svg ', `<svg width="${inner}" height="${inner}" `)}</div></body></html>`);
    await page.screenshot({ path: join(dir, name), omitBackground: false });
    console.log(`wrote public/icons/${name}`);
  }
} finally {
  await browser.close();
}
