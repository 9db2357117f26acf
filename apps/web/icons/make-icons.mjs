// Renders the app icons (public/icon-*.png) from the SVGs with the Chromium the browser tests use; run once
// after changing an SVG (`node apps/web/icons/make-icons.mjs`) and commit the PNGs.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const publicDir = path.join(here, '../public');
const icons = [
  { svg: path.join(publicDir, 'favicon.svg'), size: 192, out: 'icon-192.png' },
  { svg: path.join(publicDir, 'favicon.svg'), size: 512, out: 'icon-512.png' },
  { svg: path.join(here, 'maskable.svg'), size: 512, out: 'icon-maskable-512.png' },
];

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' });
try {
  for (const { svg, size, out } of icons) {
    const page = await browser.newPage({ viewport: { width: size, height: size } });
    const source = readFileSync(svg, 'utf8').replace('<svg ', `<svg width="${size}" height="${size}" `);
    await page.setContent(`<body style="margin:0">${source}</body>`);
    await page.locator('svg').screenshot({ path: path.join(publicDir, out), omitBackground: true });
    await page.close();
  }
} finally {
  await browser.close();
}
