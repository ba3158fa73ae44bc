// The workflow of a motion, suggestion or letter (议案建议办理) as one explicit state machine:
// a transition table of state × action × role → next state. Pure: no I/O, no clock. The
// service asks `decide` before every step and records the answer in the audit chain.
import { SUGGESTION_ACTIONS, SUGGESTION_STATES } from '@onenet/contracts';

export const STATES = SUGGESTION_STATES;
export type State = (typeof STATES)[number];

export const ACTIONS = SUGGESTION_ACTIONS;
export type Action = (typeof ACTIONS)[number];

/**
 * The part a caller plays for this item, worked out by the service from the token and the item:
 * the lead deputy, an invited co-signer, staff of the item's congress, a handler of an assigned
 * unit (lead, co- or split), a leader, or the system itself (merge fan-out, schedulers).
 */
export type Part = 'lead-deputy' | 'co-signer' | 'staff' | 'lead-unit' | 'co-unit' | 'leader' | 'system';

/** Facts the service knows at the moment of a step; some targets depend on them. */
export interface Facts {
  /** After this step, every assigned unit has signed for it. */
  allUnitsSigned?: boolean;
  /** After this step, every split unit (分办) has replied in this round (true when not split). */
  allPartsReplied?: boolean;
  /** The evaluation given in this step. */
  satisfaction?: Satisfaction;
  /** The evaluation round: 1, or 2 after a second reply. */
  round?: number;
  /** After this step, every follow-up promise has been checked. */
  followUpsOpen?: boolean;
}

export type Satisfaction = 'satisfied' | 'basically-satisfied' | 'dissatisfied';
export const SATISFACTION_LABEL: Record<Satisfaction, string> = { satisfied: '满意', 'basically-satisfied': '基本满意', dissatisfied: '不满意' };

type Target = State | ((facts: Facts) => State);

interface Rule {
  from: readonly State[];
  action: Action;
  parts: readonly Part[];
  to: Target | 'same';
}

const handlingStates = ['signed-for', 'handling', 'extended'] as const;

/** The transition table. Reading it top to bottom is reading DOMAIN.md's workflow. */
export const TRANSITIONS: readonly Rule[] = [
  // 1. drafting and co-signing
  { from: ['draft'], action: 'invite-cosigners', parts: ['lead-deputy'], to: 'co-signing' },
  { from: ['co-signing'], action: 'invite-cosigners', parts: ['lead-deputy'], to: 'same' },
  { from: ['co-signing'], action: 'confirm-cosign', parts: ['co-signer'], to: 'same' },
  { from: ['co-signing'], action: 'decline-cosign', parts: ['co-signer'], to: 'same' },
  { from: ['co-signing'], action: 'back-to-draft', parts: ['lead-deputy'], to: 'draft' },
  { from: ['draft', 'co-signing'], action: 'submit', parts: ['lead-deputy'], to: 'submitted' },
  // 2. staff review
  { from: ['submitted'], action: 'register', parts: ['staff'], to: 'registered' },
  { from: ['submitted'], action: 'reject', parts: ['staff'], to: 'not-accepted' },
  { from: ['submitted', 'registered'], action: 'withdraw', parts: ['lead-deputy'], to: 'withdrawn' },
  { from: ['registered'], action: 'treat-as-suggestion', parts: ['staff'], to: 'same' },
  { from: ['registered'], action: 'merge', parts: ['staff'], to: 'same' },
  // 3. assignment (交办) and 4. sign-for or adjustment
  { from: ['registered'], action: 'assign', parts: ['staff'], to: 'assigned' },
  { from: ['assigned', 'adjustment-requested'], action: 'reassign', parts: ['staff'], to: 'assigned' },
  { from: ['assigned'], action: 'sign-for', parts: ['lead-unit', 'co-unit'], to: (f) => (f.allUnitsSigned ? 'signed-for' : 'assigned') },
  { from: ['assigned'], action: 'request-adjustment', parts: ['lead-unit', 'co-unit'], to: 'adjustment-requested' },
  { from: ['adjustment-requested'], action: 'refuse-adjustment', parts: ['staff'], to: 'assigned' },
  // 5. handling
  { from: ['signed-for'], action: 'record-meeting', parts: ['lead-unit', 'co-unit'], to: 'handling' },
  { from: ['handling', 'extended', 're-handling'], action: 'record-meeting', parts: ['lead-unit', 'co-unit'], to: 'same' },
  { from: handlingStates, action: 'give-co-opinion', parts: ['co-unit'], to: 'same' },
  { from: ['handling', 'extended'], action: 'request-extension', parts: ['lead-unit'], to: 'same' },
  { from: ['handling', 'extended'], action: 'approve-extension', parts: ['staff'], to: 'extended' },
  // 6. reply
  { from: handlingStates, action: 'reply', parts: ['lead-unit'], to: (f) => (f.allPartsReplied === false ? 'handling' : 'replied') },
  { from: ['registered'], action: 'reply-via-merge', parts: ['system'], to: 'replied' },
  { from: ['replied'], action: 'return-reply', parts: ['staff'], to: (f) => ((f.round ?? 1) > 1 ? 're-handling' : 'handling') },
  // 7. evaluation; dissatisfied after the first reply → handled again → second reply
  {
    from: ['replied'],
    action: 'evaluate',
    parts: ['lead-deputy'],
    to: (f) => (f.satisfaction === 'dissatisfied' && (f.round ?? 1) === 1 ? 're-handling' : 'evaluated'),
  },
  { from: ['re-handling'], action: 'second-reply', parts: ['lead-unit'], to: 'replied' },
  // 8. disclosure, follow-up, closure
  { from: ['replied', 'evaluated'], action: 'publish', parts: ['staff'], to: 'published' },
  { from: ['published'], action: 'start-follow-up', parts: ['staff'], to: 'follow-up' },
  { from: ['follow-up'], action: 'check-follow-up', parts: ['staff', 'leader'], to: (f) => (f.followUpsOpen ? 'follow-up' : 'closed') },
  { from: ['evaluated', 'published', 'follow-up'], action: 'close', parts: ['staff'], to: 'closed' },
  // 回头看: a closed or published answer re-examined; a second reply can be demanded
  { from: ['closed', 'published', 'follow-up', 'evaluated'], action: 'demand-second-reply', parts: ['staff', 'leader'], to: 're-handling' },
];

export type Decision = { ok: true; to: State; part: Part } | { ok: false; reason: 'no-such-step' | 'not-your-part'; allowedParts: Part[] };

/** The next state for `action` taken by a caller playing `parts`, or why it is refused. */
export function decide(from: State, action: Action, parts: readonly Part[], facts: Facts = {}): Decision {
  const rules = TRANSITIONS.filter((r) => r.action === action && r.from.includes(from));
  if (rules.length === 0) return { ok: false, reason: 'no-such-step', allowedParts: [] };
  for (const rule of rules) {
    const part = parts.find((p) => rule.parts.includes(p));
    if (!part) continue;
    const to = rule.to === 'same' ? from : typeof rule.to === 'function' ? rule.to(facts) : rule.to;
    return { ok: true, to, part };
  }
  return { ok: false, reason: 'not-your-part', allowedParts: [...new Set(rules.flatMap((r) => r.parts))] };
}

/** Actions that some part may take from `state` (shown to clients as the item's next steps). */
export function actionsFrom(state: State): { action: Action; parts: Part[] }[] {
  const out = new Map<Action, Set<Part>>();
  for (const rule of TRANSITIONS) {
    if (!rule.from.includes(state)) continue;
    const parts = out.get(rule.action) ?? new Set<Part>();
    for (const p of rule.parts) parts.add(p);
    out.set(rule.action, parts);
  }
  return [...out].map(([action, parts]) => ({ action, parts: [...parts] }));
}

/** States in which the item is with the handling units (deadlines run, overdue counts). */
export const OPEN_WITH_UNITS: readonly State[] = ['assigned', 'adjustment-requested', 'signed-for', 'handling', 'extended', 're-handling'];
/** States after which nothing moves except look-back. */
export const FINAL: readonly State[] = ['not-accepted', 'withdrawn', 'closed'];

/** The grounds on which staff decline to register an item (不予立案). */
export const REJECTION_GROUNDS = ['personal-matter', 'under-litigation', 'no-content', 'outside-jurisdiction', 'duplicate', 'other'] as const;
export type RejectionGround = (typeof REJECTION_GROUNDS)[number];

export const RESULT_CATEGORIES = ['A', 'B', 'C', 'D'] as const;
export type ResultCategory = (typeof RESULT_CATEGORIES)[number];
export const CATEGORY_LABEL: Record<ResultCategory, string> = {
  A: '已解决或基本解决',
  B: '列入计划逐步解决',
  C: '因条件限制暂时难以解决',
  D: '留作参考',
};

/** The states the catalogue's v1 transitioned event can carry (it has no `follow-up`). */
export const V1_STATES: readonly State[] = STATES.filter((s) => s !== 'follow-up');
