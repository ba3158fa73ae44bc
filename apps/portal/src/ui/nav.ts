// The workspace menu per role. A person with several roles sees each role's section.
import type { Role } from '../auth/session.ts';

export interface NavItem {
  path: string;
  /** i18n key of the label */
  label: string;
}

export const ROLE_NAV: Partial<Record<Role, NavItem[]>> = {
  deputy: [
    { path: '/work/deputy', label: 'nav.deputyHome' },
    { path: '/work/deputy/suggestions', label: 'nav.mySuggestions' },
    { path: '/work/deputy/opinions', label: 'nav.myOpinions' },
  ],
  staff: [
    { path: '/work/staff', label: 'nav.staffHome' },
    { path: '/work/staff/registration', label: 'nav.registration' },
    { path: '/work/staff/deadlines', label: 'nav.deadlines' },
    { path: '/work/staff/supervision', label: 'nav.supervision' },
    { path: '/work/staff/notices', label: 'nav.notices' },
    { path: '/work/staff/roster', label: 'nav.roster' },
  ],
  handler: [
    { path: '/work/handler', label: 'nav.handlerHome' },
    { path: '/work/handler/deadlines', label: 'nav.deadlines' },
  ],
  leader: [{ path: '/work/leader', label: 'nav.leaderHome' }],
  liaison: [{ path: '/work/liaison', label: 'nav.liaisonHome' }],
};

export function navFor(roles: readonly Role[]): { role: Role; items: NavItem[] }[] {
  return roles.flatMap((role) => (ROLE_NAV[role] ? [{ role, items: ROLE_NAV[role] }] : []));
}
