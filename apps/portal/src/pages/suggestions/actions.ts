// The workflow steps the portal can perform, each through its typed endpoint. The service says
// which steps the caller may take now (nextActions); the page offers exactly those.
import { unwrap } from '@onenet/api-client';
import { api } from '../../api.ts';

export const SUPPORTED_ACTIONS = ['confirm-cosign', 'decline-cosign', 'submit', 'register', 'reject', 'assign', 'sign-for', 'request-adjustment', 'record-meeting', 'reply', 'second-reply', 'evaluate', 'publish', 'close', 'withdraw'] as const;
export type SupportedAction = (typeof SUPPORTED_ACTIONS)[number];

export const isSupported = (action: string): action is SupportedAction => (SUPPORTED_ACTIONS as readonly string[]).includes(action);

export type ActionValues = Record<string, unknown>;

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

/**
 * A reply: an A answer states what was done (evidence); a B or C answer carries a dated promise
 * for follow-up — the service refuses either without them.
 */
function replyBody(v: ActionValues) {
  const category = v.category as 'A' | 'B' | 'C' | 'D';
  const promise = str(v.promise);
  const dueOn = str(v.dueOn);
  return {
    category,
    body: String(v.body ?? ''),
    signedBy: String(v.signedBy ?? ''),
    ...(category === 'A' && str(v.evidence) ? { evidence: str(v.evidence) } : {}),
    ...((category === 'B' || category === 'C') && promise && dueOn ? { followUps: [{ promise, dueOn }] } : {}),
  };
}

export async function perform(action: SupportedAction, id: string, v: ActionValues): Promise<unknown> {
  const path = { path: { id } };
  const s = api.suggestions;
  switch (action) {
    case 'submit':
      return unwrap(s.POST('/suggestions/{id}/submit', { params: path, body: { ...(str(v.comment) ? { comment: str(v.comment) } : {}) } }));
    case 'confirm-cosign':
    case 'decline-cosign':
      return unwrap(s.POST('/suggestions/{id}/cosign', { params: path, body: { confirm: action === 'confirm-cosign', ...(str(v.comment) ? { comment: str(v.comment) } : {}) } }));
    case 'record-meeting':
      return unwrap(s.POST('/suggestions/{id}/meetings', {
        params: path,
        body: { heldOn: String(v.heldOn ?? ''), mode: v.mode as 'face-to-face', participants: String(v.participants ?? ''), summary: String(v.summary ?? '') },
      }));
    case 'register':
      return unwrap(s.POST('/suggestions/{id}/register', { params: path, body: { ...(str(v.comment) ? { comment: str(v.comment) } : {}) } }));
    case 'reject':
      return unwrap(s.POST('/suggestions/{id}/reject', { params: path, body: { ground: v.ground as 'other', reason: String(v.reason ?? '') } }));
    case 'assign':
      return unwrap(s.POST('/suggestions/{id}/assign', { params: path, body: { lead: String(v.lead ?? ''), co: (v.co as string[] | undefined) ?? [] } }));
    case 'sign-for':
      return unwrap(s.POST('/suggestions/{id}/sign-for', { params: path, body: {} }));
    case 'request-adjustment':
      return unwrap(s.POST('/suggestions/{id}/request-adjustment', { params: path, body: { reason: String(v.reason ?? '') } }));
    case 'reply':
      return unwrap(s.POST('/suggestions/{id}/reply', { params: path, body: replyBody(v) }));
    case 'second-reply':
      return unwrap(s.POST('/suggestions/{id}/second-reply', { params: path, body: replyBody(v) }));
    case 'evaluate':
      return unwrap(s.POST('/suggestions/{id}/evaluate', {
        params: path,
        body: { satisfaction: v.satisfaction as 'satisfied', actuallySolved: typeof v.actuallySolved === 'boolean' ? v.actuallySolved : null, ...(str(v.comment) ? { comment: str(v.comment) } : {}) },
      }));
    case 'publish':
      return unwrap(s.POST('/suggestions/{id}/publish', { params: path, body: { ...(str(v.publicTitle) ? { publicTitle: str(v.publicTitle) } : {}), ...(str(v.publicReply) ? { publicReply: str(v.publicReply) } : {}) } }));
    case 'close':
      return unwrap(s.POST('/suggestions/{id}/close', { params: path, body: {} }));
    case 'withdraw':
      return unwrap(s.POST('/suggestions/{id}/withdraw', { params: path, body: { reason: String(v.reason ?? '') } }));
  }
}
