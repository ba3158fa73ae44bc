// Pure rules: ID numbers, levels, activity dates, the eight ones and the score.
import { describe, expect, it } from 'vitest';
import { checkActivityDates, chinaDate } from '../src/domain/activities.ts';
import { assessDuties, DEFAULT_SCHEME, schemeProblems, type DutyTally } from '../src/domain/duties.ts';
import { checkBirthMonth, checkIdNumber, checkMobile } from '../src/domain/identity.ts';
import { levelsElectedBy, parseLevel } from '../src/domain/levels.ts';

describe('ID numbers (GB 11643-1999)', () => {
  it('accepts a valid number and normalises a lower-case x', () => {
    expect(checkIdNumber('11010519491231002x')).toEqual({ ok: true, value: '11010519491231002X' });
  });
  it('names what is wrong', () => {
    expect(checkIdNumber('110105194912310021')).toMatchObject({ ok: false, reason: expect.stringContaining('校验位') });
    expect(checkIdNumber('110105491231002')).toMatchObject({ ok: false, reason: expect.stringContaining('15位') });
    expect(checkIdNumber('11010519491331002X')).toMatchObject({ ok: false });
  });
  it('mobile numbers and birth months in the spellings rosters use', () => {
    expect(checkMobile('+86 138-0000-1234')).toEqual({ ok: true, value: '13800001234' });
    expect(checkMobile('0774-5123456').ok).toBe(false);
    for (const raw of ['1975-03', '1975.3', '1975年3月', '197503', '1975/03/15']) expect(checkBirthMonth(raw)).toEqual({ ok: true, value: '1975-03' });
    expect(checkBirthMonth(27454)).toEqual({ ok: true, value: '1975-03' }); // an Excel serial day
    expect(checkBirthMonth('2015-01').ok).toBe(false);
  });
});

describe('levels', () => {
  it('reads the levels as rosters write them', () => {
    expect(['全国人大代表', '自治区级', '市级', '县级', '区', '乡镇', '镇'].map(parseLevel)).toEqual(['national', 'region', 'city', 'county', 'county', 'township', 'township']);
    expect(parseLevel('村')).toBeUndefined();
  });
  it('the region elects national and regional deputies; others their own level', () => {
    expect(levelsElectedBy('450000')).toEqual(['national', 'region']);
    expect(levelsElectedBy('450000/451100/451102/451102101')).toEqual(['township']);
  });
});

describe('activities', () => {
  it('last one or two days', () => {
    expect(checkActivityDates('2024-03-01', '2024-03-02')).toBeUndefined();
    expect(checkActivityDates('2024-03-01', '2024-03-03')).toMatchObject({ field: 'endDate' });
    expect(checkActivityDates('2024-03-02', '2024-03-01')).toMatchObject({ field: 'endDate' });
  });
  it('count days in China time', () => {
    expect(chinaDate('2024-12-31T17:00:00Z')).toBe('2025-01-01');
  });
});

const tally = (counts: DutyTally['counts'], extra: Partial<DutyTally> = {}): DutyTally => ({ counts, isFarmer: false, assistanceActive: false, ...extra });

describe('eight ones and score', () => {
  it('a year with nothing scores 0 and meets nothing', () => {
    const a = assessDuties(tally({}));
    expect(a.metCount).toBe(0);
    expect(a.score).toBe(0);
    expect(a.grade).toBe('不合格');
    expect(a.items.find((i) => i.item === 'income-skill')?.applicable).toBe(false);
  });

  it('meets every item of a non-farmer and prorates the one that does not apply', () => {
    const a = assessDuties(
      tally({
        'group-activity': [1, 1],
        inspection: [1, 0],
        research: [0, 1],
        'training-class': [1, 0],
        'voter-visit': [0, 1],
        suggestion: [1, 0],
        'poverty-help': [1, 0],
        'practical-deed': [0, 1],
      }),
    );
    expect(a.metCount).toBe(7);
    expect(a.applicableCount).toBe(7);
    expect(a.itemScore).toBe(80);
    expect(a.bonus).toBe(0);
    expect(a.score).toBe(80);
    expect(a.grade).toBe('良好');
  });

  it('two group activities in the same half meet half the item and the second one is bonus', () => {
    const a = assessDuties(tally({ 'group-activity': [2, 0] }));
    const item = a.items.find((i) => i.item === 'group-activity')!;
    expect(item).toMatchObject({ done: 1, needed: 2, met: false, points: 5 });
    expect(a.bonus).toBe(1);
  });

  it('one income-skill class serves the skill item of a farmer, not also the training item', () => {
    const a = assessDuties(tally({ 'income-skill': [1, 0] }, { isFarmer: true }));
    expect(a.items.find((i) => i.item === 'income-skill')?.met).toBe(true);
    expect(a.items.find((i) => i.item === 'training')?.met).toBe(false);
  });

  it('an assistance pairing meets poverty-help when the scheme says so', () => {
    expect(assessDuties(tally({}, { assistanceActive: true })).items.find((i) => i.item === 'poverty-help')?.met).toBe(true);
    const strict = { ...DEFAULT_SCHEME, assistanceCountsAsPovertyHelp: false };
    expect(assessDuties(tally({}, { assistanceActive: true }), strict).items.find((i) => i.item === 'poverty-help')?.met).toBe(false);
  });

  it('bonus is capped', () => {
    expect(assessDuties(tally({ 'practical-deed': [30, 30] })).bonus).toBe(20);
  });

  it('scheme checks name the field', () => {
    expect(schemeProblems({ ...DEFAULT_SCHEME, grades: [{ min: 50, label: 'a' }, { min: 60, label: 'b' }] }).map((p) => p.field)).toEqual(['/grades/1/min', '/grades/1/min']);
  });
});
