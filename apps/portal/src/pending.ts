// What each not-yet-available page waits for, by service. Shown on the page (so a tester sees why
// it is empty) and the list the service engineers work from.
import type { NeededEndpoint } from './ui/states.tsx';

const s = (operation: string, purpose: string): NeededEndpoint => ({ service: 'suggestions', operation, purpose });

export const PENDING: Record<string, NeededEndpoint[]> = {
  publicSuggestions: [
    s('GET /public/suggestions', 'published suggestions with status, unit, category and satisfaction; q, year, tenant filters; paging'),
    s('GET /public/suggestions/{id}', 'one published suggestion: content, reply full text, satisfaction, dated follow-ups'),
  ],
  publicOpinion: [
    s('POST /public/opinions', 'a voter sends an opinion (text, photos, constituency/deputy) and gets a receipt code'),
    s('POST /public/opinions/attachments', 'photo / video upload before sending'),
  ],
  publicTrack: [s('GET /public/opinions/{receiptCode}', 'progress and feedback of an opinion, by its receipt code')],
  deputySuggestions: [
    s('GET /suggestions?mine=true', "the deputy's own suggestions and co-signed ones, with status and deadlines"),
    s('POST /suggestions', 'create a draft (kind, title, content, session/between sessions)'),
    s('PATCH /suggestions/{id}', 'edit a draft'),
    s('POST /suggestions/{id}/attachments', 'upload an attachment'),
    s('POST /suggestions/{id}/cosigners', 'invite co-signers (deputy ids) with a cut-off'),
    s('POST /suggestions/{id}/submit', 'submit'),
    s('GET /suggestions/{id}', 'detail with the workflow timeline (who, when, what)'),
    s('GET /suggestions/{id}/messages', 'the thread with co-signers and handlers; POST to write'),
    s('POST /suggestions/{id}/evaluation', 'evaluate the reply: satisfied / basically / dissatisfied, and "actually solved"'),
  ],
  deputyOpinions: [
    s('GET /opinions', "constituents' opinions sent to the calling deputy, to triage"),
    s('POST /opinions/{id}/forward', 'forward to the township/county congress, or turn into a suggestion'),
  ],
  staffRegistration: [
    s('GET /suggestions?status=submitted', 'the registration queue of the scope tenant'),
    s('POST /suggestions/{id}/registration', 'register, or not accept with a ground'),
    s('GET /suggestions/{id}/unit-suggestions', 'recommended handling units'),
    s('GET /units', 'handling units of a tenant'),
    s('POST /suggestions/{id}/assignment', 'assign lead / co- / split units'),
  ],
  staffDeadlines: [s('GET /deadlines', 'items due soon and overdue per step, per unit (scope tenant)')],
  staffSupervision: [
    s('GET /supervision', "this year's key supervision items with leader and group; POST to choose"),
    s('GET /look-back', 'look-back rounds over past A/B answers'),
  ],
  staffNotices: [s('POST /notices', 'generate a progress / results notice as .xlsx or .pdf (job with progress); GET /notices/{id} to poll and download')],
  handlerQueue: [
    s('GET /suggestions?unit=mine', "the calling unit's assigned items with deadlines"),
    s('POST /suggestions/{id}/sign-for', 'sign for an assignment'),
    s('POST /suggestions/{id}/adjustment-request', 'ask for reassignment with a reason'),
    s('POST /suggestions/{id}/reply', 'the reply with its category A/B/C/D and the signed text'),
  ],
  leaderSuggestions: [
    s('GET /stats/suggestions?tenant=', 'counts by status and by deputy level over a tenant subtree, per child tenant'),
    s('GET /stats/units?tenant=', 'per unit: on-time sign-for, on-time reply, satisfaction and category mix'),
  ],
};
