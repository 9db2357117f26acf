// What a person does in the app, in the words of the UI: the tests read like the steps someone takes.
import type { Browser, Page } from 'playwright-core';

/** Generous enough for a loaded CI machine; a live update normally lands in milliseconds. */
export const LIVE_TIMEOUT = 10_000;

let counter = 0;

export interface Person {
  name: string;
  email: string;
  password: string;
  page: Page;
}

export async function openApp(browser: Browser, url: string): Promise<Page> {
  const context = await browser.newContext({ baseURL: url });
  const page = await context.newPage();
  page.setDefaultTimeout(LIVE_TIMEOUT);
  await page.goto('/');
  return page;
}

export async function signUp(browser: Browser, url: string, name: string): Promise<Person> {
  counter += 1;
  const person = {
    name,
    email: `${name.toLowerCase()}-${Date.now()}-${counter}@example.org`,
    password: 'correct horse battery',
  };
  const page = await openApp(browser, url);
  await page.getByRole('tab', { name: 'Sign up' }).click();
  await page.getByLabel('Your name').fill(person.name);
  await page.getByLabel('Email').fill(person.email);
  await page.getByLabel('Password').fill(person.password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await waitUntilLive(page);
  return { ...person, page };
}

export async function logIn(page: Page, person: Pick<Person, 'email' | 'password'>): Promise<void> {
  await page.getByRole('tab', { name: 'Log in' }).click();
  await page.getByLabel('Email').fill(person.email);
  await page.getByLabel('Password').fill(person.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await waitUntilLive(page);
}

export async function waitUntilLive(page: Page, timeout = LIVE_TIMEOUT): Promise<void> {
  await page.locator('.live-status[data-state="live"]').waitFor({ timeout });
}

export async function goTo(page: Page, linkName: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: linkName, exact: true }).click();
  await page.getByRole('heading', { level: 1 }).waitFor();
}

export async function writePost(page: Page, body: string): Promise<void> {
  await page.getByLabel('Share something with your neighbours').fill(body);
  await page.getByRole('button', { name: 'Post', exact: true }).click();
  await post(page, body).waitFor();
}

export function post(page: Page, body: string) {
  return page.getByRole('article').filter({ hasText: body });
}

export function unreadCount(page: Page) {
  return page.getByTestId('unread-count');
}
