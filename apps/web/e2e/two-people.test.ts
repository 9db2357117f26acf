import { describe, expect, it } from 'vitest';
import { useAnnAndBen, useChromium, useWebServer } from './harness.ts';
import { goTo, type Person, post, unreadCount, writePost } from './people.ts';

describe('two people in two browsers see each other live', { timeout: 60_000 }, () => {
  const server = useWebServer();
  const chromium = useChromium();
  const { ann, ben } = useAnnAndBen(server, chromium); // Ann is the first account: an admin

  it('shows posts, likes and deletions on the other screen without a reload', async () => {
    await writePost(ann.page, 'Ann says hello to the street');
    await post(ben.page, 'Ann says hello to the street').waitFor();
    await writePost(ben.page, 'Ben waves back');
    await post(ann.page, 'Ben waves back').waitFor();

    await post(ann.page, 'Ben waves back')
      .getByRole('button', { name: /^Like post/ })
      .click();
    await post(ben.page, 'Ben waves back')
      .getByRole('button', { name: /1 like$/ })
      .waitFor();

    await post(ann.page, 'Ann says hello to the street').getByRole('button', { name: 'Delete' }).click();
    await post(ben.page, 'Ann says hello to the street').waitFor({ state: 'detached' });
    expect(await post(ben.page, 'Ben waves back').count()).toBe(1);
  });

  it('shows a new task to the other person and follows it across the board', async () => {
    await goTo(ann.page, 'Tasks');
    await goTo(ben.page, 'Tasks');
    await ben.page.getByLabel('New task').fill('Pick up litter on Elm Street');
    await ben.page.getByRole('button', { name: 'Add task' }).click();

    const column = (person: Person, name: string) =>
      person.page.getByRole('region', { name }).getByRole('article', { name: 'Pick up litter on Elm Street' });
    await column(ann, 'Open').waitFor();
    await column(ann, 'Open').getByLabel('Assignee').selectOption({ label: 'Me (Ann)' });
    await column(ann, 'Open').getByLabel('Status').selectOption('in_progress');
    await column(ben, 'In progress').getByText('with Ann').waitFor();
    await column(ben, 'In progress').getByLabel('Status').selectOption('done');
    await column(ann, 'Done').waitFor();
  });

  it('keeps a draft to its organiser and shows it to everyone once published, with who is going', async () => {
    await goTo(ann.page, 'Events');
    await goTo(ben.page, 'Events');
    const planEvent = async (title: string) => {
      await ann.page.getByRole('button', { name: 'Plan a clean-up' }).click();
      await ann.page.getByLabel('Title').fill(title);
      await ann.page.getByLabel('Meeting point').fill('The corner shop');
      await ann.page.getByRole('button', { name: 'Save draft' }).click();
      await ann.page.getByRole('article', { name: title }).waitFor();
    };
    await planEvent('Secret spring sweep');
    await planEvent('Leaf day');
    await ann.page.getByRole('article', { name: 'Leaf day' }).getByRole('button', { name: 'Publish' }).click();

    // Ben's screen has caught up with everything up to "Leaf day", and the draft made before it is not there.
    await ben.page.getByRole('article', { name: 'Leaf day' }).waitFor();
    expect(await ben.page.getByRole('article', { name: 'Secret spring sweep' }).count()).toBe(0);

    await ann.page
      .getByRole('article', { name: 'Secret spring sweep' })
      .getByRole('button', { name: 'Publish' })
      .click();
    const benSees = ben.page.getByRole('article', { name: 'Secret spring sweep' });
    await benSees.waitFor();
    await benSees.getByRole('button', { name: 'I’m going' }).click();
    await ann.page.getByRole('article', { name: 'Secret spring sweep' }).getByText('1 going: Ben').waitFor();
  });

  it('counts up the bell live when something happens for the person', async () => {
    await goTo(ben.page, 'Events');
    await ben.page.getByRole('link', { name: /^Notifications/ }).click();
    const markAll = ben.page.getByRole('button', { name: 'Mark all as read' });
    // Ben's own actions earned him points; clear them so the count starts at zero.
    if (await markAll.isVisible()) await markAll.click();
    await unreadCount(ben.page).waitFor({ state: 'detached' });

    await ann.page
      .getByRole('article', { name: 'Secret spring sweep' })
      .getByRole('button', { name: 'Cancel event' })
      .click();
    await expect.poll(() => unreadCount(ben.page).textContent(), { timeout: 10_000 }).toBe('1');
    await ben.page.getByText('"Secret spring sweep" was cancelled.').waitFor();
    await ben.page.getByRole('button', { name: 'Mark as read' }).click();
    await unreadCount(ben.page).waitFor({ state: 'detached' });
  });

  it('shows an admin announcement to everyone the moment it is sent', async () => {
    await goTo(ann.page, 'Admin');
    await ann.page.getByLabel('Message to everyone').fill('Skips arrive at nine on Saturday');
    await ann.page.getByRole('button', { name: 'Send announcement' }).click();
    await ben.page
      .getByRole('region', { name: 'Announcements' })
      .getByText('Skips arrive at nine on Saturday')
      .waitFor();
  });

  it('lets an admin add a street that someone else adopts, and watch an import job to the end', async () => {
    await ann.page.getByLabel('Street name').fill('Acacia Avenue');
    await ann.page.getByRole('button', { name: 'Add street' }).click();
    await goTo(ben.page, 'Streets');
    await ben.page.getByRole('listitem', { name: 'Acacia Avenue' }).getByRole('button', { name: 'Adopt' }).click();
    await goTo(ann.page, 'Streets');
    await ann.page.getByRole('listitem', { name: 'Acacia Avenue' }).getByText('Adopted by Ben').waitFor();

    await goTo(ann.page, 'Admin');
    await ann.page.getByLabel('Job', { exact: true }).selectOption('importEvents');
    await ann.page
      .getByLabel('Events as CSV')
      .fill(
        'title,description,startsAt,location\nBulb planting,Bring a trowel,2030-03-01T10:00:00Z,Park gate\nGutter day,,2030-03-08T10:00:00Z,Elm Street',
      );
    await ann.page.getByRole('button', { name: 'Start job' }).click();
    const job = ann.page.getByRole('listitem', { name: 'Import events from CSV: done' });
    await job.getByText('Imported 2 of 2 rows as draft events.').waitFor();
    await goTo(ann.page, 'Events');
    await ann.page.getByRole('article', { name: 'Gutter day' }).waitFor();
  });
});
