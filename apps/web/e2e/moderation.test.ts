import { beforeAll, describe, expect, it } from 'vitest';
import { useChromium, useWebServer } from './harness.ts';
import { goTo, type Person, post, signUp, writePost } from './people.ts';

function onlineNow(person: Person) {
  return person.page.getByRole('region', { name: 'Online now' });
}

function memberRow(admin: Person, name: string) {
  return admin.page.getByRole('row').filter({ hasText: name });
}

async function findMember(admin: Person, name: string) {
  await admin.page.getByLabel('Search by name').fill(name);
  await memberRow(admin, name).waitFor();
}

describe('presence, roles and bans in the browser', { timeout: 60_000 }, () => {
  const server = useWebServer();
  const chromium = useChromium();
  let ann: Person; // the first account: an admin

  beforeAll(async () => {
    ann = await signUp(chromium.browser, server.url, 'Ann');
  });

  it('shows two people each other online, and takes one out when they turn invisible', async () => {
    const ben = await signUp(chromium.browser, server.url, 'Benedict');
    await onlineNow(ann).getByText('Benedict').waitFor();
    await onlineNow(ben).getByText('Ann').waitFor();
    await onlineNow(ben).getByLabel('Show me as online').uncheck();
    await onlineNow(ann).getByText('Benedict').waitFor({ state: 'detached' });
    expect(await onlineNow(ann).getByText('Ann (you)').count()).toBe(1);
    await ben.page.context().close();
  });

  it('sends a banned person with the app open to the login screen, saying why', async () => {
    const cyril = await signUp(chromium.browser, server.url, 'Cyril');
    await goTo(ann.page, 'Admin');
    await findMember(ann, 'Cyril');
    await memberRow(ann, 'Cyril').getByRole('button', { name: 'Ban…' }).click();
    await ann.page.getByLabel('Reason (they are told)').fill('Spam in the feed');
    await ann.page.getByRole('button', { name: 'Ban Cyril' }).click();
    await memberRow(ann, 'Cyril').getByText('Banned: Spam in the feed').waitFor();

    await cyril.page.getByText('This account is banned: Spam in the feed').waitFor();
    await cyril.page.getByRole('button', { name: 'Log in' }).waitFor();
    await cyril.page.getByLabel('Email').fill(cyril.email);
    await cyril.page.getByLabel('Password').fill(cyril.password);
    await cyril.page.getByRole('button', { name: 'Log in' }).click();
    await cyril.page.getByRole('alert').getByText('This account is banned: Spam in the feed').waitFor();
    await cyril.page.context().close();
  });

  it('gives a promoted member the Admin screen live, and takes it away live when demoted', async () => {
    const dora = await signUp(chromium.browser, server.url, 'Dora');
    const adminLink = dora.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' });
    await goTo(ann.page, 'Admin');
    await findMember(ann, 'Dora');
    await memberRow(ann, 'Dora').getByRole('button', { name: 'Make admin' }).click();
    await adminLink.waitFor();
    await goTo(dora.page, 'Admin');
    await dora.page.getByRole('region', { name: 'Members' }).waitFor();

    await memberRow(ann, 'Dora').getByRole('button', { name: 'Make member' }).click();
    await dora.page.getByRole('heading', { name: 'Not allowed' }).waitFor();
    await adminLink.waitFor({ state: 'detached' });
    await dora.page.context().close();
  });

  it("takes a post an admin hid off the author's open feed, telling them why", async () => {
    const eva = await signUp(chromium.browser, server.url, 'Eva');
    await writePost(eva.page, 'Cheap watches, message me');
    await goTo(ann.page, 'Feed');
    await post(ann.page, 'Cheap watches, message me').getByRole('button', { name: 'Hide…' }).click();
    await ann.page.getByLabel('Why hide it? The author is told.').fill('Advertising');
    await ann.page.getByRole('button', { name: 'Hide post' }).click();
    await post(eva.page, 'Cheap watches, message me').waitFor({ state: 'detached' });
    await post(ann.page, 'Cheap watches, message me').waitFor({ state: 'detached' });
    await eva.page.getByRole('link', { name: /^Notifications/ }).click();
    await eva.page.getByText('An admin hid your post "Cheap watches, message me": Advertising').waitFor();
    await eva.page.context().close();
  });
});
