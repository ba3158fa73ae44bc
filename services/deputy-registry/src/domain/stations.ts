// Stations (履职实体平台) and their "eight haves" (八有) checklist; mixed groups (混合编组).

export const STATION_KINDS = ['activity-centre', 'deputies-home', 'liaison-station'] as const;
export type StationKind = (typeof STATION_KINDS)[number];
export const STATION_KIND_LABELS: Record<StationKind, string> = {
  'activity-centre': '人大代表履职活动中心',
  'deputies-home': '人大代表之家',
  'liaison-station': '代表联络站',
};

/** 有组织机构、有场地和设施设备、有牌子、有规章制度、有工作计划、有台帐、有宣传栏、有经费 */
export const EIGHT_HAVES = ['organisation', 'premises', 'sign', 'rules', 'work-plan', 'ledgers', 'publicity-board', 'funding'] as const;
export type EightHave = (typeof EIGHT_HAVES)[number];
export const EIGHT_HAVE_LABELS: Record<EightHave, string> = {
  organisation: '有组织机构',
  premises: '有场地和设施设备',
  sign: '有牌子',
  rules: '有规章制度',
  'work-plan': '有工作计划',
  ledgers: '有台账',
  'publicity-board': '有宣传栏',
  funding: '有经费',
};

export interface EightHaveState {
  item: EightHave;
  present: boolean;
  evidence: string | null;
  note: string | null;
}

/** The full checklist, with items never checked reported as absent. */
export function eightHavesChecklist(recorded: readonly EightHaveState[]): { items: (EightHaveState & { label: string })[]; present: number; complete: boolean } {
  const byItem = new Map(recorded.map((r) => [r.item, r]));
  const items = EIGHT_HAVES.map((item) => ({ item, label: EIGHT_HAVE_LABELS[item], present: false, evidence: null, note: null, ...byItem.get(item) }));
  const present = items.filter((i) => i.present).length;
  return { items, present, complete: present === EIGHT_HAVES.length };
}

export const GROUP_ROLES = ['leader', 'liaison', 'member'] as const;
export type GroupRole = (typeof GROUP_ROLES)[number];
export const GROUP_ROLE_LABELS: Record<GroupRole, string> = { leader: '组长', liaison: '联络员', member: '组员' };

/** The station's own books that are not derived from activities or other services. */
export const STATION_BOOKS = ['meeting', 'letter-visit', 'archive'] as const;
export type StationBook = (typeof STATION_BOOKS)[number];
