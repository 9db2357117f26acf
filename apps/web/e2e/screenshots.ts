// Seeds a lively neighbourhood and photographs the main screens into docs/screenshots/.
// Run with `pnpm --filter @adopt/web screenshots` after `pnpm build`.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PASSWORD, signUp as signUpThroughApi } from '@adopt/server/test/http-client';
import type { Page } from 'playwright-core';
import { describe, it } from 'vitest';
import { useChromium, useWebServer } from './harness.ts';
import { goTo, logIn, openApp, waitUntilLive } from './people.ts';

const out = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../docs/screenshots');

const inDays = (days: number, hour: number) => {
  const date = new Date(Date.now() + days * 86_400_000);
  date.setUTCHours(hour, 0, 0, 0);
  return date.toISOString();
};

async function seed(url: string) {
  const maya = await signUpThroughApi(url, 'Maya Okafor'); // first account: the admin
  const tom = await signUpThroughApi(url, 'Tom Becker');
  const priya = await signUpThroughApi(url, 'Priya Shah');
  const sam = await signUpThroughApi(url, 'Sam Lindqvist');

  const streets = [];
  for (const name of ['Acacia Avenue', 'Elm Street', 'Linden Road', 'Mill Lane', 'Park Row']) {
    streets.push(await maya.api.streets.create.mutate({ name }));
  }
  await tom.api.streets.adopt.mutate({ id: streets[1]!.id });
  await priya.api.streets.adopt.mutate({ id: streets[2]!.id });
  await maya.api.streets.adopt.mutate({ id: streets[0]!.id });

  const sweep = await maya.api.events.create.mutate({
    title: 'Spring sweep on Elm Street',
    description: 'Gloves, bags and grabbers provided. Coffee at the corner café afterwards.',
    startsAt: inDays(3, 9),
    location: 'Corner of Elm Street and Mill Lane',
  });
  await maya.api.events.publish.mutate({ id: sweep.id });
  const bulbs = await priya.api.events.create.mutate({
    title: 'Bulb planting in the pocket park',
    description: 'We plant 400 crocus bulbs along the path. Bring a trowel if you have one.',
    startsAt: inDays(9, 10),
    location: 'Park Row gate',
  });
  await priya.api.events.publish.mutate({ id: bulbs.id });
  await maya.api.events.create.mutate({
    title: 'Autumn leaf day',
    description: 'Draft: waiting for the council to confirm the skip.',
    startsAt: inDays(30, 9),
    location: 'Linden Road',
  });
  for (const person of [tom, priya, sam]) await person.api.events.rsvp.mutate({ id: sweep.id, going: true });
  await sam.api.events.rsvp.mutate({ id: bulbs.id, going: true });

  const bench = await tom.api.tasks.create.mutate({
    title: 'Repaint the bench by the bus stop',
    streetId: streets[1]!.id,
  });
  const drain = await priya.api.tasks.create.mutate({ title: 'Clear leaves from the drain', streetId: streets[2]!.id });
  const sign = await sam.api.tasks.create.mutate({ title: 'Report the bent road sign', streetId: streets[3]!.id });
  await maya.api.tasks.create.mutate({ title: 'Pick up litter along the hedge', streetId: streets[0]!.id });
  await sam.api.tasks.create.mutate({ title: 'Ask the school about a poster' });
  await tom.api.tasks.update.mutate({ id: bench.id, status: 'in_progress', assigneeId: tom.user.id });
  await priya.api.tasks.update.mutate({ id: drain.id, status: 'done', assigneeId: priya.user.id });
  await sam.api.tasks.update.mutate({ id: sign.id, status: 'done', assigneeId: sam.user.id });

  await tom.api.posts.create.mutate({
    body: 'Someone left a sofa on Elm Street again. I have reported it to the council.',
  });
  const cat = await priya.api.posts.create.mutate({
    body: 'Found: a grey cat with a red collar near the pocket park. She is safe in my kitchen, message me!',
  });
  await sam.api.posts.create.mutate({
    body: 'The new bins on Mill Lane are working wonders. Thanks to everyone who signed the petition.',
  });
  for (const person of [maya, tom, sam]) await person.api.posts.like.mutate({ id: cat.id });
  await maya.api.jobs.start.mutate({ kind: 'recomputeLeaderboard' });
  await maya.api.jobs.start.mutate({
    kind: 'importEvents',
    csv: [
      'title,description,startsAt,location',
      `Gutter day,Clear the gutters before winter,${inDays(20, 9)},Acacia Avenue`,
      `Hedge trim,,${inDays(27, 9)},Park Row`,
      `Litter pick,Meet at the phone box,${inDays(34, 9)},Mill Lane`,
    ].join('\n'),
  });
  return { maya, priya };
}

async function shoot(page: Page, name: string) {
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: path.join(out, `${name}.png`) });
}

describe('screenshots', () => {
  const server = useWebServer();
  const chromium = useChromium();

  it('photographs the main screens', { timeout: 120_000 }, async () => {
    mkdirSync(out, { recursive: true });
    const { maya, priya } = await seed(server.url);
    const mayaLogin = { email: maya.email, password: PASSWORD };

    const login = await openApp(chromium.browser, server.url);
    await login.setViewportSize({ width: 1280, height: 800 });
    await shoot(login, 'login');

    await logIn(login, mayaLogin);
    const page = login;
    await page.getByRole('article').first().waitFor();
    await priya.api.posts.create.mutate({ body: 'Who has a ladder I could borrow on Saturday morning?' });
    await page.getByText('Who has a ladder').waitFor();
    await shoot(page, 'feed');

    await goTo(page, 'Events');
    await page.getByRole('article', { name: 'Spring sweep on Elm Street' }).waitFor();
    await shoot(page, 'events');
    await goTo(page, 'Tasks');
    await page.getByRole('article', { name: 'Clear leaves from the drain' }).waitFor();
    await shoot(page, 'tasks');
    await goTo(page, 'Streets');
    await page.getByRole('listitem', { name: 'Elm Street' }).waitFor();
    await shoot(page, 'streets');
    await goTo(page, 'Leaderboard');
    await page.getByText('Priya Shah').waitFor();
    await shoot(page, 'leaderboard');
    await goTo(page, 'Admin');
    await page.getByRole('listitem', { name: 'Import events from CSV: done' }).waitFor();
    await page.getByLabel('Message to everyone').fill('Skips arrive at 9 on Saturday, bring gloves!');
    await page.getByRole('button', { name: 'Send announcement' }).click();
    const toast = page.getByRole('region', { name: 'Announcements' }).getByRole('status');
    await toast.getByText('Skips arrive').waitFor();
    await toast.evaluate((el) => Promise.all(el.getAnimations().map((a) => a.finished)));
    await shoot(page, 'admin');

    const phoneContext = await chromium.browser.newContext({
      baseURL: server.url,
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
    });
    const phone = await phoneContext.newPage();
    await phone.goto('/');
    await logIn(phone, mayaLogin);
    await phone.getByText('Who has a ladder').waitFor();
    await waitUntilLive(phone);
    await shoot(phone, 'feed-phone');
  });
});
