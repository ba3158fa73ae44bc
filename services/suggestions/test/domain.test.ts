// The pure rules: the transition table, the working-day calendar, the audit chain, Chinese
// segmentation, similarity and redaction.
import { describe, expect, it } from 'vitest';
import { chain, verifyChain, type ChainedRecord } from '../src/domain/audit.ts';
import { addMonthsToWorkingDay, addWorkingDays, describeDay, isYearKnown, workingDaysBetween } from '../src/domain/calendar.ts';
import { checkMotion, DEFAULT_SETTINGS, mergeSettings } from '../src/domain/settings.ts';
import { redact, searchExtras, segment, similarity, toTsQuery, unsegmentHeadline } from '../src/domain/text.ts';
import { ACTIONS, actionsFrom, decide, STATES, TRANSITIONS } from '../src/domain/workflow.ts';

describe('the transition table', () => {
  it('reaches every state from draft', () => {
    const reached = new Set<string>(['draft']);
    for (let changed = true; changed; ) {
      changed = false;
      for (const rule of TRANSITIONS) {
        if (!rule.from.some((s) => reached.has(s))) continue;
        const targets = typeof rule.to === 'function' ? [rule.to({ allUnitsSigned: true, allPartsReplied: true }), rule.to({ allUnitsSigned: false, allPartsReplied: false, satisfaction: 'dissatisfied', round: 1, followUpsOpen: true })] : rule.to === 'same' ? [] : [rule.to];
        for (const t of targets) {
          if (reached.has(t)) continue;
          reached.add(t);
          changed = true;
        }
      }
    }
    expect([...reached].sort()).toEqual([...STATES].sort());
  });

  it('gives every action at least one rule and says who may take it', () => {
    for (const action of ACTIONS) expect(TRANSITIONS.some((r) => r.action === action), action).toBe(true);
    expect(decide('submitted', 'register', ['staff'])).toEqual({ ok: true, to: 'registered', part: 'staff' });
    expect(decide('submitted', 'register', ['lead-deputy'])).toEqual({ ok: false, reason: 'not-your-part', allowedParts: ['staff'] });
    expect(decide('draft', 'register', ['staff'])).toMatchObject({ ok: false, reason: 'no-such-step' });
  });

  it('decides by the facts of the step: the last unit to sign, 不满意 in the first and second round', () => {
    expect(decide('assigned', 'sign-for', ['lead-unit'], { allUnitsSigned: false })).toMatchObject({ to: 'assigned' });
    expect(decide('assigned', 'sign-for', ['co-unit'], { allUnitsSigned: true })).toMatchObject({ to: 'signed-for' });
    expect(decide('replied', 'evaluate', ['lead-deputy'], { satisfaction: 'dissatisfied', round: 1 })).toMatchObject({ to: 're-handling' });
    expect(decide('replied', 'evaluate', ['lead-deputy'], { satisfaction: 'dissatisfied', round: 2 })).toMatchObject({ to: 'evaluated' });
    expect(decide('handling', 'reply', ['lead-unit'], { allPartsReplied: false })).toMatchObject({ to: 'handling' });
    expect(actionsFrom('closed').map((a) => a.action)).toEqual(['demand-second-reply']);
  });
});

describe('the working-day calendar (chinese-days)', () => {
  it('skips the National Day holiday and counts the adjusted working Saturday', () => {
    // 2026: 10月1日至7日放假调休，9月20日（周日）、10月10日（周六）上班
    expect(describeDay('2026-10-10')).toMatchObject({ working: true, provisional: false });
    expect(describeDay('2026-10-05')).toMatchObject({ working: false });
    expect(addWorkingDays('2026-09-30', 1).due).toBe('2026-10-08');
    expect(addWorkingDays('2026-09-30', 3).due).toBe('2026-10-10');
    expect(addWorkingDays('2026-09-18', 1).due).toBe('2026-09-20'); // Friday → the working Sunday
    expect(workingDaysBetween('2026-09-30', '2026-10-11')).toBe(3);
    // 2025: 10月1日至8日放假，9月28日（周日）、10月11日（周六）上班
    expect(addWorkingDays('2025-09-30', 1).due).toBe('2025-10-09');
    expect(addWorkingDays('2025-10-10', 1).due).toBe('2025-10-11');
  });

  it('moves a month period off a holiday, and marks spans into years the data does not know', () => {
    expect(addMonthsToWorkingDay('2026-07-01', 3)).toEqual({ due: '2026-10-08', provisional: false });
    expect(isYearKnown(2026)).toBe(true);
    const into2027 = addMonthsToWorkingDay('2026-11-02', 3);
    expect(into2027.provisional).toBe(isYearKnown(2027) ? false : true);
  });
});

describe('the audit chain', () => {
  const base = { suggestionId: 's1', actorUserId: 'u', actorName: '甲', actorPart: 'staff', actorUnitId: null, comment: null, data: {} };
  function build(): ChainedRecord[] {
    const out: ChainedRecord[] = [];
    for (const [i, [action, from, to]] of [['submit', 'draft', 'submitted'], ['register', 'submitted', 'registered'], ['assign', 'registered', 'assigned']].entries()) {
      out.push(chain({ ...base, seq: i + 1, at: `2026-03-0${i + 1}T00:00:00.000Z`, action: action!, fromState: from!, toState: to! }, out.at(-1)));
    }
    return out;
  }

  it('verifies an intact chain and finds an altered, a removed and a truncated record', () => {
    const records = build();
    expect(verifyChain('s1', records, { seq: 3, hash: records[2]!.hash })).toEqual([]);
    const altered = records.map((r) => (r.seq === 2 ? { ...r, comment: 'x' } : r));
    expect(verifyChain('s1', altered)).toEqual([expect.objectContaining({ seq: 2, problem: expect.stringContaining('altered') })]);
    const removed = [records[0]!, records[2]!];
    expect(verifyChain('s1', removed).map((p) => p.seq)).toEqual([3, 3]);
    expect(verifyChain('s1', records.slice(0, 2), { seq: 3, hash: records[2]!.hash })).toEqual([expect.objectContaining({ problem: expect.stringContaining('head') })]);
  });
});

describe('settings and motion rules', () => {
  it('merges overrides onto defaults, nearest last', () => {
    const s = mergeSettings({ replyMonths: 2 }, { motionRules: { township: { minCoSigners: 2 } } });
    expect(s.replyMonths).toBe(2);
    expect(s.motionRules.township).toEqual({ ...DEFAULT_SETTINGS.motionRules.township, minCoSigners: 2 });
  });

  it('names every rule a motion breaks', () => {
    const problems = checkMotion(DEFAULT_SETTINGS.motionRules.county, { period: 'between-sessions', body: '短', confirmedCoSigners: 3 });
    expect(problems.map((p) => p.field)).toEqual(['/body/period', '/body/coSigners', '/body/body']);
  });
});

describe('Chinese text', () => {
  it('segments documents and queries alike, so 回头看 is found as a phrase', () => {
    expect(segment('开展代表建议办理工作"回头看"')).toContain('回头 看');
    expect(toTsQuery('回头看')).toBe("'回头' & '看'");
    expect(searchExtras('城区停车难问题')).toContain('停车');
    expect(unsegmentHeadline('工作 " <mark>回头</mark> <mark>看</mark> "')).toBe('工作"<mark>回头看</mark>"');
  });

  it('measures similarity of replies, near 1 for boilerplate', () => {
    const a = '您提出的建议收悉，我局高度重视，将在今后工作中认真研究，积极争取上级支持，逐步加以解决。';
    const b = '您提出的建议收悉，我局高度重视，将在今后工作中认真研究，积极争取上级资金支持，逐步解决。';
    expect(similarity(a, b)).toBeGreaterThan(0.85);
    expect(similarity(a, '贺街镇至莲塘镇道路已于5月完成硬化，验收合格。')).toBeLessThan(0.3);
  });

  it('removes phone, ID card and e-mail before publication', () => {
    const text = redact('联系电话13907741234，座机0774-5123456，身份证452402198001011234，邮箱a.b@example.cn');
    expect(text).toBe('联系电话[电话已隐去]，座机[电话已隐去]，身份证[身份证号已隐去]，邮箱[邮箱已隐去]');
  });
});
