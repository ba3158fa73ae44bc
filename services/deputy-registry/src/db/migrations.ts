// The registry schema's own migrations, in the order they apply (names sort by timestamp).
// The kit adds the bus's outbox/inbox/parked tables before them (migrationsOf).
import type { Migrations } from '@onenet/db';
import * as people from './migrations/202611271300_people.ts';
import * as stationsGroups from './migrations/202611271301_stations_groups.ts';
import * as activitiesDuties from './migrations/202611271302_activities_duties.ts';
import * as history from './migrations/202611271303_history.ts';
import * as publicSearch from './migrations/202611272100_public_search.ts';
import * as publicSearchIndexes from './migrations/202611272130_public_search_indexes.ts';
import * as dutyFactCover from './migrations/202611272200_duty_fact_cover.ts';
import * as personPhoto from './migrations/202611272300_person_photo.ts';
import * as otherSuggestion from './migrations/202611272330_other_suggestion.ts';
import * as ownRowsFirst from './migrations/202611280400_own_rows_first.ts';
import * as dutyYear from './migrations/202611281000_duty_year.ts';

export const migrations: Migrations = {
  '202611271300_people': people,
  '202611271301_stations_groups': stationsGroups,
  '202611271302_activities_duties': activitiesDuties,
  '202611271303_history': history,
  '202611272100_public_search': publicSearch,
  '202611272130_public_search_indexes': publicSearchIndexes,
  '202611272200_duty_fact_cover': dutyFactCover,
  '202611272300_person_photo': personPhoto,
  '202611272330_other_suggestion': otherSuggestion,
  '202611280400_own_rows_first': ownRowsFirst,
  '202611281000_duty_year': dutyYear,
};
