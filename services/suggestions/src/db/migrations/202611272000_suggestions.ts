// The suggestions schema: items, co-signers, assignments, the handling record, replies,
// evaluations, follow-ups, the append-only audit chain and deadlines. Frozen once landed.
import { sql, type Kysely } from 'kysely';
import { enableTenantIsolation } from '@onenet/db';

const S = 'suggestions';

const TENANT_TABLES = [
  'units',
  'counters',
  'suggestions',
  'cosigners',
  'assignments',
  'meetings',
  'extensions',
  'replies',
  'evaluations',
  'follow_ups',
  'reply_templates',
  'transitions',
  'deadlines',
  'messages',
  'attachments',
];

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    -- Per-tenant settings: readable by every tenant below (settings inherit), so no RLS;
    -- the service lets a tenant's own staff or admin write its row only.
    create table suggestions.settings (
      tenant_path text primary key,
      overrides jsonb not null default '{}',
      updated_at timestamptz not null default now(),
      updated_by text not null
    );

    -- The registry's deputies and mandates as this service needs them, kept from its events.
    -- Public data only; no tenant policy (a deputy's seats span tenants).
    create table suggestions.deputies (
      person_id uuid primary key,
      name text not null,
      user_id text,
      occupation text,
      updated_at timestamptz not null default now()
    );
    create table suggestions.mandates (
      mandate_id uuid primary key,
      person_id uuid not null,
      level text not null,
      elected_by_tenant_path text not null,
      term text not null,
      constituency text,
      start_date date not null,
      end_date date,
      status text not null,
      updated_at timestamptz not null default now()
    );
    create index mandates_person on suggestions.mandates (person_id);

    -- Handling units (承办单位) of each congress's government, supervision commission, court and
    -- procuratorate; unit ids are the ones the realm gives handlers in their tokens.
    create table suggestions.units (
      id uuid primary key,
      tenant_path text not null,
      name text not null,
      head_name text,
      active boolean not null default true,
      created_at timestamptz not null default now()
    );
    create index units_tenant on suggestions.units (tenant_path);

    create table suggestions.counters (
      tenant_path text not null,
      year int not null,
      kind text not null,
      last int not null,
      primary key (tenant_path, year, kind)
    );

    create table suggestions.suggestions (
      id uuid primary key,
      tenant_path text not null,
      number text,
      kind text not null check (kind in ('motion', 'suggestion', 'letter')),
      original_kind text not null,
      period text not null check (period in ('session', 'between-sessions')),
      session_name text,
      year int not null,
      title text not null,
      body text not null,
      field text,
      state text not null,
      lead_deputy_id uuid not null,
      lead_user_id text not null,
      lead_name text not null,
      lead_mandate_id uuid not null,
      lead_level text not null,
      opinion_id uuid,
      merged_into uuid references suggestions.suggestions (id),
      rejection_ground text,
      rejection_reason text,
      key_supervision boolean not null default false,
      excellent boolean not null default false,
      result_category text,
      satisfaction text,
      actually_solved boolean,
      reply_round int not null default 0,
      extension_months int not null default 0,
      assigned_on date,
      reply_due date,
      reply_due_provisional boolean not null default false,
      replied_on date,
      evaluated_on date,
      published_at timestamptz,
      closed_on date,
      public_title text,
      public_body text,
      public_reply text,
      seg_title text not null default '',
      seg_body text not null default '',
      seg_reply text not null default '',
      search tsvector generated always as (
        setweight(to_tsvector('simple', seg_title), 'A') ||
        setweight(to_tsvector('simple', seg_body), 'B') ||
        setweight(to_tsvector('simple', seg_reply), 'C')
      ) stored,
      audit_seq int not null default 0,
      audit_head text not null default '${sql.raw('0'.repeat(64))}',
      created_at timestamptz not null default now(),
      submitted_at timestamptz,
      updated_at timestamptz not null default now()
    );
    create index suggestions_tenant_year on suggestions.suggestions (tenant_path text_pattern_ops, year, state);
    create index suggestions_year_state on suggestions.suggestions (year, state, created_at desc);
    create index suggestions_lead on suggestions.suggestions (lead_deputy_id);
    create index suggestions_merged on suggestions.suggestions (merged_into) where merged_into is not null;
    create index suggestions_published on suggestions.suggestions (published_at desc) where published_at is not null;
    create index suggestions_search on suggestions.suggestions using gin (search);
    create index suggestions_created on suggestions.suggestions (created_at desc, id);

    create table suggestions.cosigners (
      suggestion_id uuid not null references suggestions.suggestions (id),
      deputy_id uuid not null,
      tenant_path text not null,
      name text not null,
      status text not null check (status in ('invited', 'confirmed', 'declined')),
      invited_at timestamptz not null default now(),
      responded_at timestamptz,
      primary key (suggestion_id, deputy_id)
    );
    create index cosigners_deputy on suggestions.cosigners (deputy_id);

    create table suggestions.assignments (
      id uuid primary key,
      suggestion_id uuid not null references suggestions.suggestions (id),
      tenant_path text not null,
      unit_id uuid not null,
      unit_name text not null,
      role text not null check (role in ('lead', 'co', 'split')),
      status text not null check (status in ('assigned', 'signed-for', 'adjustment-requested', 'replaced')),
      assigned_on date not null,
      sign_for_due date not null,
      signed_for_at timestamptz,
      adjustment_reason text,
      co_opinion text,
      co_opinion_at timestamptz,
      co_opinion_due date,
      created_at timestamptz not null default now()
    );
    create index assignments_suggestion on suggestions.assignments (suggestion_id);
    create index assignments_unit on suggestions.assignments (unit_id, assigned_on);

    create table suggestions.meetings (
      id uuid primary key,
      suggestion_id uuid not null references suggestions.suggestions (id),
      tenant_path text not null,
      unit_id uuid not null,
      held_on date not null,
      mode text not null,
      participants text not null,
      summary text not null,
      recorded_by text not null,
      created_at timestamptz not null default now()
    );
    create index meetings_suggestion on suggestions.meetings (suggestion_id);

    create table suggestions.extensions (
      id uuid primary key,
      suggestion_id uuid not null references suggestions.suggestions (id),
      tenant_path text not null,
      months int not null,
      reason text not null,
      requested_by text not null,
      requested_at timestamptz not null default now(),
      approved_by text,
      approved_at timestamptz,
      new_due date
    );

    create table suggestions.replies (
      id uuid primary key,
      suggestion_id uuid not null references suggestions.suggestions (id),
      tenant_path text not null,
      round int not null,
      unit_id uuid not null,
      unit_name text not null,
      category text not null check (category in ('A', 'B', 'C', 'D')),
      body text not null,
      signed_by text not null,
      evidence text,
      template_id uuid,
      co_opinions jsonb not null default '[]',
      via_merge_of uuid,
      boilerplate_score real,
      boilerplate_of uuid,
      returned_at timestamptz,
      returned_reason text,
      replied_on date not null,
      created_at timestamptz not null default now()
    );
    create index replies_suggestion on suggestions.replies (suggestion_id);
    create index replies_unit on suggestions.replies (unit_id, created_at desc);

    create table suggestions.evaluations (
      id uuid primary key,
      suggestion_id uuid not null references suggestions.suggestions (id),
      tenant_path text not null,
      round int not null,
      satisfaction text not null,
      actually_solved boolean,
      comment text,
      deputy_id uuid not null,
      created_at timestamptz not null default now()
    );

    create table suggestions.follow_ups (
      id uuid primary key,
      suggestion_id uuid not null references suggestions.suggestions (id),
      tenant_path text not null,
      unit_id uuid not null,
      promise text not null,
      due_on date not null,
      status text not null default 'open' check (status in ('open', 'kept', 'broken')),
      checked_at timestamptz,
      checked_by text,
      evidence text,
      created_at timestamptz not null default now()
    );
    create index follow_ups_suggestion on suggestions.follow_ups (suggestion_id);

    create table suggestions.reply_templates (
      id uuid primary key,
      tenant_path text not null,
      unit_id uuid,
      name text not null,
      body text not null,
      created_at timestamptz not null default now()
    );

    -- The audit chain: one append-only record per workflow step, hashed onto its predecessor.
    create table suggestions.transitions (
      suggestion_id uuid not null references suggestions.suggestions (id),
      seq int not null,
      tenant_path text not null,
      at timestamptz not null,
      actor_user_id text not null,
      actor_name text not null,
      actor_part text not null,
      actor_unit_id text,
      action text not null,
      from_state text not null,
      to_state text not null,
      comment text,
      data jsonb not null,
      prev_hash text not null,
      hash text not null,
      primary key (suggestion_id, seq)
    );
    create function suggestions.append_only() returns trigger language plpgsql as $$
      begin
        raise exception 'audit records are append-only: % on %.% is refused', tg_op, tg_table_schema, tg_table_name
          using errcode = 'insufficient_privilege';
      end
    $$;
    -- A trigger, not only a REVOKE: the migrator grants the runtime role update/delete on every
    -- table after each migration, and a trigger also binds the table's owner.
    create trigger transitions_append_only before update or delete on suggestions.transitions
      for each row execute function suggestions.append_only();
    create trigger transitions_no_truncate before truncate on suggestions.transitions
      for each statement execute function suggestions.append_only();

    create table suggestions.deadlines (
      id uuid primary key,
      tenant_path text not null,
      suggestion_id uuid not null references suggestions.suggestions (id),
      assignment_id uuid,
      unit_id uuid,
      kind text not null,
      due_on date not null,
      provisional boolean not null default false,
      met_at timestamptz,
      cancelled_at timestamptz,
      reminded_at timestamptz,
      escalated_at timestamptz,
      created_at timestamptz not null default now()
    );
    create index deadlines_open on suggestions.deadlines (due_on) where met_at is null and cancelled_at is null;
    create index deadlines_suggestion on suggestions.deadlines (suggestion_id);

    create table suggestions.messages (
      id uuid primary key,
      suggestion_id uuid not null references suggestions.suggestions (id),
      tenant_path text not null,
      author_user_id text not null,
      author_name text not null,
      author_part text not null,
      body text not null,
      created_at timestamptz not null default now()
    );
    create index messages_suggestion on suggestions.messages (suggestion_id, created_at);

    create table suggestions.attachments (
      id uuid primary key,
      tenant_path text not null,
      owner_kind text not null,
      owner_id uuid not null,
      filename text not null,
      content_type text not null,
      size int not null,
      sha256 text not null,
      storage_key text not null,
      uploaded_by text,
      created_at timestamptz not null default now()
    );
    create index attachments_owner on suggestions.attachments (owner_kind, owner_id);
  `.execute(db);
  for (const table of TENANT_TABLES) await enableTenantIsolation(db, S, table);
}
