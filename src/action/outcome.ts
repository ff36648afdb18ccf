/** Whether the step fails for a conclusion, and the line that says why. */
import type { Conclusion } from '../engine/verdict.js';

export interface StepOutcome {
  failed: boolean;
  /** One line for the log: the `::error` when failed, a notice otherwise. */
  message: string;
}

export function stepOutcome(conclusion: Conclusion, title: string, opts: { failOnPending: boolean }): StepOutcome {
  switch (conclusion) {
    case 'success':
      return { failed: false, message: `proofgate: success — ${title}` };
    case 'neutral':
      return { failed: false, message: `proofgate: neutral — ${title}` };
    case 'failure':
      return { failed: true, message: `proofgate: failure — ${title}` };
    case 'pending':
      return opts.failOnPending
        ? { failed: true, message: `proofgate: pending — ${title} (fail-on-pending is set)` }
        : { failed: false, message: `proofgate: pending — ${title} (the step passes; set fail-on-pending: true to fail it)` };
  }
}

const RANK: Record<Conclusion, number> = { neutral: 0, success: 1, pending: 2, failure: 3 };

/** The conclusion that decides the step when several pull requests share one head. */
export function worstConclusion(conclusions: Conclusion[]): Conclusion {
  return conclusions.reduce<Conclusion>((worst, c) => (RANK[c] > RANK[worst] ? c : worst), 'neutral');
}
