// Counts what a person does in the browser, per role, to hold the pages to an action budget
// (issue 10: a monthly cycle in ≤ 10 actions, a first month in ≤ 25).
//
// An action is a click or tap, a field typed or chosen, a key pressed, or a page navigation;
// scrolling, reading and waiting are free. The counter hands out a *counting page*: a proxy over a
// playwright Page whose every locator, frame, keyboard and mouse is a proxy too, so any action a
// test takes through it — however the locator was found — is counted; nothing escapes by taking
// another path to the element. What the issue does not count (log-ins, the answers to the program's
// comprehension questions, whose bank is the program's) is done inside `notCounted(reason, …)`,
// which names why, and the table says so.
//
//   const counter = new ActionCounter();
//   const page = counter.pageFor('prescriber', rawPage);
//   await counter.notCounted('log-in', () => logInAs(rawPage, email));
//   await page.getByRole('button', { name: 'Record the visit' }).click();   // 1 action
//   counter.table();                                                          // per-role table
import type { Page } from 'playwright-core';

export type ActionKind = 'click' | 'type' | 'choose' | 'key' | 'navigate';

/** The playwright methods that are a person's action, and what kind each is. */
const COUNTED_METHODS: Readonly<Record<string, ActionKind>> = {
  click: 'click',
  dblclick: 'click',
  tap: 'click',
  check: 'click',
  uncheck: 'click',
  setChecked: 'click',
  dragTo: 'click',
  fill: 'type',
  type: 'type',
  pressSequentially: 'type',
  insertText: 'type',
  setInputFiles: 'choose',
  selectOption: 'choose',
  press: 'key',
  goto: 'navigate',
  goBack: 'navigate',
  goForward: 'navigate',
  reload: 'navigate',
};

export interface CountedAction {
  role: string;
  kind: ActionKind;
  /** What was acted on, as playwright describes the locator (e.g. getByRole('button', …)). */
  target: string;
}

export class ActionCounter {
  readonly actions: CountedAction[] = [];
  readonly uncounted: Array<{ role: string; reason: string }> = [];
  private pausedFor: string | null = null;
  /**
   * The prototypes of the objects whose methods reach the page (page, frame, locator, frame
   * locator, keyboard, mouse, touchscreen), each named: what they return is handed out as a
   * counting proxy too. Taken from a real page, since playwright's bundled class names are mangled.
   */
  private readonly reaching = new Map<object, string>();

  /** A page whose actions count for `role`. Use it (and what it returns) for everything the person does. */
  pageFor(role: string, page: Page): Page {
    const samples: Array<[unknown, string]> = [
      [page, 'page'],
      [page.mainFrame(), 'frame'],
      [page.locator('html'), 'locator'],
      [page.frameLocator('iframe'), 'frame locator'],
      [page.keyboard, 'keyboard'],
      [page.mouse, 'mouse'],
      [page.touchscreen, 'touchscreen'],
    ];
    for (const [sample, name] of samples) {
      this.reaching.set(Object.getPrototypeOf(sample) as object, name);
    }
    return this.wrap(page, role);
  }

  /** Runs `work` without counting, for what the budget leaves out (log-ins, the program's own questions). */
  async notCounted<T>(reason: string, work: () => Promise<T>, role = ''): Promise<T> {
    if (this.pausedFor !== null) {
      throw new Error(`notCounted('${reason}') inside notCounted('${this.pausedFor}')`);
    }
    this.pausedFor = reason;
    try {
      return await work();
    } finally {
      this.pausedFor = null;
      this.uncounted.push({ role, reason });
    }
  }

  count(role?: string): number {
    return role === undefined ? this.actions.length : this.actions.filter((action) => action.role === role).length;
  }

  /** Actions per role, in the order the roles first acted. */
  perRole(): Array<[string, number]> {
    const counts = new Map<string, number>();
    for (const action of this.actions) {
      counts.set(action.role, (counts.get(action.role) ?? 0) + 1);
    }
    return [...counts];
  }

  /** A Markdown table: each role's actions, what they were, and the total. */
  table(title: string): string {
    const rows = this.perRole().map(([role, count]) => {
      const kinds = new Map<ActionKind, number>();
      for (const action of this.actions.filter((candidate) => candidate.role === role)) {
        kinds.set(action.kind, (kinds.get(action.kind) ?? 0) + 1);
      }
      const what = [...kinds].map(([kind, n]) => `${n} ${kind}`).join(', ');
      return `| ${role} | ${count} | ${what} |`;
    });
    return [title, '', '| role | actions | of which |', '|---|---:|---|', ...rows, `| **all roles** | **${this.count()}** | |`].join('\n');
  }

  /** Every counted action, one a line, for a failing budget's message. */
  listing(): string {
    return this.actions.map((action, index) => `${index + 1}. ${action.role}: ${action.kind} ${action.target}`).join('\n');
  }

  private wrap<T extends object>(target: T, role: string): T {
    return new Proxy(target, {
      get: (object, property) => {
        // The real object as receiver: playwright's classes keep private fields a proxy cannot read.
        const value: unknown = Reflect.get(object, property, object);
        if (typeof value !== 'function') {
          return this.reachesPage(value) ? this.wrap(value, role) : value;
        }
        const method = value as (...args: unknown[]) => unknown;
        return (...args: unknown[]) => {
          const kind = typeof property === 'string' ? COUNTED_METHODS[property] : undefined;
          if (kind !== undefined && this.pausedFor === null) {
            this.actions.push({ role, kind, target: this.describe(object, property as string, args) });
          }
          const result = method.apply(object, args);
          return this.reachesPage(result) ? this.wrap(result, role) : result;
        };
      },
    });
  }

  private reachesPage(value: unknown): value is object {
    return typeof value === 'object' && value !== null && this.reaching.has(Object.getPrototypeOf(value) as object);
  }

  private describe(object: object, method: string, args: unknown[]): string {
    const name = this.reaching.get(Object.getPrototypeOf(object) as object) ?? 'object';
    // A locator describes itself as it was found: getByRole('button', { name: '…' }) and so on.
    // eslint-disable-next-line @typescript-eslint/no-base-to-string -- a Playwright Locator has its own toString (its selector), which its types do not declare
    const on = name === 'locator' ? String(object) : name;
    const argument = method === 'goto' || method === 'press' || method === 'selectOption' ? ` ${JSON.stringify(args[0])}` : '';
    return `${method}${argument} on ${on}`;
  }
}
