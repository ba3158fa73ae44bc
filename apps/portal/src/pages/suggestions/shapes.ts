// What the portal reads from the suggestions service's answers. Its requests are typed from the
// generated client, but most of its routes declare no response schema yet, so their answers
// arrive untyped: these are the fields the pages use, to be replaced by the generated types as
// soon as the service documents its responses (listed in the portal's report).
export type SuggestionState =
  | 'draft' | 'co-signing' | 'submitted' | 'registered' | 'not-accepted' | 'withdrawn' | 'assigned' | 'adjustment-requested'
  | 'signed-for' | 'handling' | 'extended' | 'replied' | 're-handling' | 'evaluated' | 'published' | 'follow-up' | 'closed';

export interface SuggestionListItem {
  id: string;
  number: string | null;
  kind: 'motion' | 'suggestion' | 'letter';
  year: number;
  title: string;
  state: SuggestionState;
  leadName: string;
  resultCategory: 'A' | 'B' | 'C' | 'D' | null;
  satisfaction: 'satisfied' | 'basically-satisfied' | 'dissatisfied' | null;
  replyDue: string | null;
  createdAt: string;
}

export interface SuggestionDetail extends SuggestionListItem {
  body: string;
  nextActions: { action: string; parts: string[] }[];
  yourParts: string[];
  assignments: { id: string; unitId: string; unitName: string; role: string; status: string; signForDue: string | null }[];
  replies: { id: string; round: number; unitName: string; category: string; body: string; signedBy: string; repliedOn: string | null }[];
  evaluations: { round: number; satisfaction: string; actuallySolved: boolean | null; comment: string | null; at: string }[];
  deadlines: { id: string; kind: string; dueOn: string; status: string }[];
  rejection: { ground: string; reason: string } | null;
  cosigners: { deputyId: string; name: string | null; status: 'invited' | 'confirmed' | 'declined' | 'lapsed'; respondedAt: string | null; cutoff: string | null }[];
  meetings: { id: string; unitId: string; heldOn: string; mode: string; participants: string; summary: string }[];
  attachments: { id: string; filename: string; contentType: string; size: number }[];
}

export interface AuditRecord {
  seq: number;
  at: string;
  actorName: string | null;
  action: string;
  toState: string;
  comment: string | null;
}

export interface Unit {
  id: string;
  tenantPath: string;
  name: string;
  active: boolean;
}

export interface PublicSuggestion {
  id: string;
  congress: string;
  number: string | null;
  kind: string;
  year: number;
  state: string;
  leadName: string;
  title: string;
  body: string | null;
  reply: string | null;
  resultCategoryLabel: string | null;
  satisfactionLabel: string | null;
}

export interface OpinionReceipt {
  receiptCode: string;
  township: string;
  status: string;
  statusLabel: string;
}

export interface OpinionProgress extends OpinionReceipt {
  answer: string | null;
  rejectReason: string | null;
  createdAt: string;
  steps: { status: string; label: string; at: string }[];
}

export interface DeadlineRow {
  id: string;
  suggestionId: string;
  kind: string;
  dueOn: string;
  status: 'open' | 'overdue' | 'met' | 'cancelled';
  number: string | null;
  title: string;
}

export interface OpinionRow {
  id: string;
  township: string;
  receiptCode: string;
  body: string;
  status: string;
  statusLabel: string;
  createdAt: string;
}
