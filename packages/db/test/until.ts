/**
 * Resolves once `check` holds, asking again every few ms; fails after `timeoutMs` naming what it waited for.
 * For states with no event to await (a lock wait, a connection count), never as a fixed sleep.
 */
export async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
