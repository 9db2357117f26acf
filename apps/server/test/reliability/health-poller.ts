import { setTimeout as delay } from 'node:timers/promises';

export interface HealthAnswer {
  /** When the request was sent, ms since the poller started. */
  at: number;
  ms: number;
  status: number;
  db: string;
}

/** Asks /api/health every `everyMs` until stopped, recording how long each answer took. */
export function pollHealth(url: string, everyMs = 100) {
  const answers: HealthAnswer[] = [];
  const started = performance.now();
  let stopped = false;
  const running = (async () => {
    while (!stopped) {
      const sent = performance.now();
      try {
        const response = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(10_000) });
        const body = (await response.json()) as { services: { db: string } };
        answers.push({
          at: sent - started,
          ms: performance.now() - sent,
          status: response.status,
          db: body.services.db,
        });
      } catch {
        answers.push({ at: sent - started, ms: performance.now() - sent, status: 0, db: 'no answer' });
      }
      await delay(Math.max(0, everyMs - (performance.now() - sent)));
    }
  })();
  return {
    answers,
    /** Answers to requests sent from `from` on (ms since the poller started). */
    since: (from: number) => answers.filter((a) => a.at >= from),
    now: () => performance.now() - started,
    async stop(): Promise<HealthAnswer[]> {
      stopped = true;
      await running;
      return answers;
    },
  };
}
