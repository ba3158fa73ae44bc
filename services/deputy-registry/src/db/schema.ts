// Row types of the registry schema, for kysely. Dates are 'YYYY-MM-DD' strings (see @onenet/db).
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface PersonTable {
  id: Generated<string>;
  tenant_path: string;
  name: string;
  gender: 'female' | 'male' | null;
  ethnicity: string | null;
  birth_month: string | null;
  occupation: string | null;
  workplace: string | null;
  is_farmer: Generated<boolean>;
  photo_url: string | null;
  /** The uploaded photo in file storage, what it is, and when it came. */
  photo_key: Generated<string | null>;
  photo_content_type: Generated<string | null>;
  photo_byte_size: Generated<number | null>;
  photo_uploaded_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  public_contact: string | null;
  user_id: string | null;
  published: Generated<boolean>;
  created_at: Generated<Date>;
  updated_at: Timestamp;
}

export interface PublicProfileTable {
  person_id: string;
  name: string;
  name_grams: ColumnType<string[], never, never>;
  photo_url: string | null;
  photo_key: ColumnType<string | null, never, never>;
  photo_content_type: ColumnType<string | null, never, never>;
  occupation: string | null;
  public_contact: string | null;
  published: boolean;
  active_mandates: ColumnType<number, never, never>;
}

export interface PersonPrivateTable {
  person_id: string;
  tenant_path: string;
  id_number_cipher: string | null;
  phone_cipher: string | null;
  updated_at: Timestamp;
}

export interface PersonIdentityTable {
  id_hash: Buffer;
  person_id: string;
}

export type MandateStatus = 'active' | 'resigned' | 'terminated' | 'ended';

export interface MandateTable {
  id: Generated<string>;
  person_id: string;
  tenant_path: string;
  level: 'national' | 'region' | 'city' | 'county' | 'township';
  term: string;
  delegation: string | null;
  constituency: string | null;
  start_date: string;
  end_date: string | null;
  status: Generated<MandateStatus>;
  end_reason: 'term-ended' | 'resigned' | 'terminated' | null;
  created_at: Generated<Date>;
  updated_at: Timestamp;
}

export interface StationTable {
  id: Generated<string>;
  tenant_path: string;
  name: string;
  kind: 'activity-centre' | 'deputies-home' | 'liaison-station';
  address: string | null;
  created_at: Generated<Date>;
  updated_at: Timestamp;
}

export interface StationItemTable {
  station_id: string;
  item: string;
  tenant_path: string;
  present: boolean;
  evidence: string | null;
  note: string | null;
  updated_at: Timestamp;
  updated_by: string;
}

export interface MixedGroupTable {
  id: Generated<string>;
  tenant_path: string;
  formed_by_tenant_path: string;
  station_id: string | null;
  name: string;
  liaison_name: string | null;
  liaison_user_id: string | null;
  dissolved_on: string | null;
  created_at: Generated<Date>;
  updated_at: Timestamp;
}

export interface GroupMemberTable {
  group_id: string;
  person_id: string;
  tenant_path: string;
  role: 'leader' | 'liaison' | 'member';
  joined_on: string;
  left_on: string | null;
}

export interface StationRecordTable {
  id: Generated<string>;
  tenant_path: string;
  station_id: string;
  book: 'meeting' | 'letter-visit' | 'archive';
  recorded_on: string;
  title: string;
  people: string | null;
  content: string | null;
  handling: string | null;
  recorded_by: string;
  created_at: Generated<Date>;
}

export interface AssistanceTable {
  id: Generated<string>;
  tenant_path: string;
  station_id: string | null;
  person_id: string;
  household: string;
  village: string | null;
  reason: string | null;
  measures: string | null;
  started_on: string;
  ended_on: string | null;
  outcome: string | null;
  created_at: Generated<Date>;
  updated_at: Timestamp;
}

export interface PlanTable {
  id: Generated<string>;
  tenant_path: string;
  year: number;
  title: string;
  station_id: string | null;
  group_id: string | null;
  created_at: Generated<Date>;
  updated_at: Timestamp;
}

export interface PlanQuarterTable {
  plan_id: string;
  quarter: number;
  tenant_path: string;
  theme: string;
}

export interface ActivityTable {
  id: Generated<string>;
  tenant_path: string;
  kind: string;
  theme: string;
  start_date: string;
  end_date: string;
  place: string | null;
  outcome: string | null;
  station_id: string | null;
  group_id: string | null;
  plan_id: string | null;
  income_skill: Generated<boolean>;
  cancelled: Generated<boolean>;
  recorded_by: string;
  created_at: Generated<Date>;
  updated_at: Timestamp;
}

export interface ActivityParticipantTable {
  activity_id: string;
  person_id: string;
  tenant_path: string;
  attendance: 'present' | 'absent' | 'excused';
}

export interface ActivityPhotoTable {
  id: Generated<string>;
  activity_id: string;
  tenant_path: string;
  storage_key: string;
  content_type: string;
  byte_size: number;
  caption: string | null;
  uploaded_by: string;
  uploaded_at: Generated<Date>;
}

export interface DutyFactTable {
  id: Generated<string>;
  tenant_path: string;
  person_id: string;
  source: 'activity' | 'suggestions' | 'training' | 'opinions';
  source_ref: string;
  kind: string;
  occurred_on: string;
  counted: boolean;
  version_at: Timestamp;
  detail: ColumnType<Record<string, unknown>, string | undefined, string>;
}

/** A deputy-year's counted facts per kind and half year, kept by triggers on duty_fact (read-only here). */
export interface DutyYearTable {
  person_id: string;
  year: number;
  tenant_path: string;
  counts: Record<string, [number, number]>;
}

export interface SuggestionStateTable {
  suggestion_id: string;
  tenant_path: string;
  state: string;
  state_at: Timestamp;
}

export interface ScoringSchemeTable {
  tenant_path: string;
  scheme: ColumnType<unknown, string, string>;
  updated_at: Timestamp;
  updated_by: string;
}

export interface HistoryTable {
  id: Generated<string>;
  tenant_path: string;
  entity: string;
  entity_id: string;
  action: string;
  actor_id: string | null;
  actor_name: string | null;
  at: Generated<Date>;
  changes: ColumnType<Record<string, unknown>, string, never>;
}

export interface RegistryDatabase {
  person: PersonTable;
  public_profile: PublicProfileTable;
  person_private: PersonPrivateTable;
  person_identity: PersonIdentityTable;
  mandate: MandateTable;
  station: StationTable;
  station_item: StationItemTable;
  mixed_group: MixedGroupTable;
  group_member: GroupMemberTable;
  station_record: StationRecordTable;
  assistance: AssistanceTable;
  plan: PlanTable;
  plan_quarter: PlanQuarterTable;
  activity: ActivityTable;
  activity_participant: ActivityParticipantTable;
  activity_photo: ActivityPhotoTable;
  duty_fact: DutyFactTable;
  duty_year: DutyYearTable;
  suggestion_state: SuggestionStateTable;
  scoring_scheme: ScoringSchemeTable;
  history: HistoryTable;
}

export const SCHEMA = 'registry';
