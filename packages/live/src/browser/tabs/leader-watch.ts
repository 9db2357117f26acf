/** How often a following tab checks on the leader (background tabs get this at most once a second). */
const CHECK_EVERY_MS = 100;
/** Silence after which a following tab asks the leader whether it is still there. */
const ASK_AFTER_MS = 250;
/** A question unanswered this long: the leader is frozen or its page hangs, so this tab takes over. */
const TAKE_OVER_AFTER_MS = 750;
/**
 * A check this late means this tab was asleep itself (frozen, or throttled hard in the background): the
 * leader's answers may still be queued behind the check, so it asks again instead of taking over.
 */
const ASLEEP_AFTER_MS = 2_000;

/**
 * A following tab's watch on the leader. The leader answers a question from its message handler, which
 * runs however hard the browser throttles its timers; a leader that answers nothing within a second holds
 * the lock for a page that no longer runs, and `takeOver` is called once.
 */
export class LeaderWatch {
  private timer: ReturnType<typeof setInterval> | undefined;
  private lastCheck = 0;
  private lastHeard = 0;
  private askedAt: number | null = null;
  /** Asked once more before taking over: answers queued behind this tab's own work get one more check to land. */
  private askedAgain = false;
  /**
   * A late check already started the wait over since the leader last spoke: the next late one does not, or a
   * tab whose timers always run late (throttled in the background, a loaded machine) would never take over.
   */
  private sleptOnce = false;
  private patience = TAKE_OVER_AFTER_MS;

  constructor(
    private readonly ask: () => void,
    private readonly takeOver: () => void,
  ) {}

  /**
   * `patienceMs`, when longer, replaces the usual wait for an answer: a tab still joining gives a leader busy
   * catching it up (or starved by a loaded machine) the time it would wait before saying it is waiting.
   */
  start(patienceMs = TAKE_OVER_AFTER_MS): void {
    this.stop();
    this.patience = Math.max(patienceMs, TAKE_OVER_AFTER_MS);
    this.lastCheck = performance.now();
    this.heard();
    this.timer = setInterval(() => this.check(), CHECK_EVERY_MS);
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** A tab that joined now follows: from here on, the usual wait. */
  followed(): void {
    this.patience = TAKE_OVER_AFTER_MS;
    this.heard();
  }

  /** The leader said something: it runs. */
  heard(): void {
    this.startOver();
    this.sleptOnce = false;
  }

  private startOver(): void {
    this.lastHeard = performance.now();
    this.askedAt = null;
    this.askedAgain = false;
  }

  private check(): void {
    const now = performance.now();
    const asleep = now - this.lastCheck > ASLEEP_AFTER_MS;
    this.lastCheck = now;
    if (asleep && !this.sleptOnce) {
      this.sleptOnce = true;
      this.startOver();
    } else if (this.askedAt === null) {
      if (now - this.lastHeard < ASK_AFTER_MS) return;
      this.askedAt = now;
      this.ask();
    } else if (now - this.askedAt < this.patience) {
      // Still within the time a running leader takes to answer.
    } else if (!this.askedAgain) {
      this.askedAgain = true;
      this.ask();
    } else {
      this.stop();
      this.takeOver();
    }
  }
}
