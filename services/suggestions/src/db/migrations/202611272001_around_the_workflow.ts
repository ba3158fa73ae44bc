// Around the workflow: key supervision (重点督办), look-back (回头看), notices (通报) and
// constituent opinions (民事联解). Frozen once landed.
import { sql, type Kysely } from 'kysely';
import { enableTenantIsolation } from '@onenet/db';

const TENANT_TABLES = ['supervisions', 'supervision_activities', 'lookbacks', 'lookback_items', 'notices', 'opinions', 'opinion_steps'];

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table suggestions.supervisions (
      id uuid primary key,
      tenant_path text not null,
      year int not null,
      suggestion_id uuid not null unique references suggestions.suggestions (id),
      leader_user_id text not null,
      leader_name text not null,
      members jsonb not null default '[]',
      government_leader text,
      goal text,
      status text not null default 'active' check (status in ('active', 'concluded')),
      conclusion text,
      created_at timestamptz not null default now()
    );
    create table suggestions.supervision_activities (
      id uuid primary key,
      supervision_id uuid not null references suggestions.supervisions (id),
      tenant_path text not null,
      kind text not null check (kind in ('meeting', 'site-visit', 'hearing')),
      held_on date not null,
      place text,
      participants text not null,
      summary text not null,
      recorded_by text not null,
      created_at timestamptz not null default now()
    );

    create table suggestions.lookbacks (
      id uuid primary key,
      tenant_path text not null,
      title text not null,
      year_from int not null,
      year_to int not null,
      categories text[] not null,
      created_by text not null,
      created_at timestamptz not null default now()
    );
    create table suggestions.lookback_items (
      lookback_id uuid not null references suggestions.lookbacks (id),
      suggestion_id uuid not null references suggestions.suggestions (id),
      tenant_path text not null,
      unit_id uuid,
      status text not null default 'selected'
        check (status in ('selected', 'self-checked', 'under-supervision', 'confirmed', 'second-reply-demanded')),
      self_check text,
      self_check_solved boolean,
      self_checked_at timestamptz,
      supervision_note text,
      updated_at timestamptz not null default now(),
      primary key (lookback_id, suggestion_id)
    );

    create table suggestions.notices (
      id uuid primary key,
      tenant_path text not null,
      kind text not null check (kind in ('progress', 'results')),
      year int not null,
      month int,
      title text not null,
      data jsonb not null,
      created_by text not null,
      created_at timestamptz not null default now(),
      published_at timestamptz
    );

    create table suggestions.opinions (
      id uuid primary key,
      tenant_path text not null,
      receipt_code text not null unique,
      sender_name text,
      sender_contact text,
      body text not null,
      status text not null,
      deputy_id uuid,
      reject_reason text,
      merged_into uuid references suggestions.opinions (id),
      forwarded_note text,
      unit_id uuid,
      unit_name text,
      answer text,
      answered_at timestamptz,
      suggestion_id uuid,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index opinions_tenant_status on suggestions.opinions (tenant_path text_pattern_ops, status, created_at desc);
    create table suggestions.opinion_steps (
      id bigint generated always as identity primary key,
      opinion_id uuid not null references suggestions.opinions (id),
      tenant_path text not null,
      at timestamptz not null default now(),
      actor text not null,
      action text not null,
      from_status text,
      to_status text not null,
      comment text
    );
    create index opinion_steps_opinion on suggestions.opinion_steps (opinion_id);
  `.execute(db);
  for (const table of TENANT_TABLES) await enableTenantIsolation(db, 'suggestions', table);
}
