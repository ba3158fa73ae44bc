// The suggestions schema's own migrations, in the order they apply (names sort by timestamp).
// The kit adds the bus's outbox/inbox/parked tables before them (migrationsOf).
import type { Migrations } from '@onenet/db';
import * as suggestions from './migrations/202611272000_suggestions.ts';
import * as around from './migrations/202611272001_around_the_workflow.ts';
import * as searchIndexes from './migrations/202611272002_search_and_list_indexes.ts';
import * as cosignCutoff from './migrations/202611272003_cosign_cutoff.ts';
import * as searchIndex from './migrations/202611272004_search_index.ts';
import * as recentFirst from './migrations/202611272005_recent_first_search_unit_year.ts';
import * as statisticsFacts from './migrations/202611272300_statistics_facts.ts';
import * as overdueList from './migrations/202611272301_overdue_list.ts';
import * as searchOnePass from './migrations/202611272302_search_one_pass.ts';
import * as rateLimits from './migrations/202611272303_rate_limits.ts';
import * as searchPool from './migrations/202611272304_search_pool.ts';
import * as subtreeRanges from './migrations/202611280200_subtree_ranges.ts';
import * as publishedItems from './migrations/202611280201_published_items.ts';
import * as staffWorklist from './migrations/202611280202_staff_worklist.ts';
import * as searchBitmap from './migrations/202611280203_search_bitmap.ts';
import * as publishedNewest from './migrations/202611280204_published_newest.ts';
import * as publicSearchYears from './migrations/202611280205_public_search_years.ts';
import * as cosignLapsed from './migrations/202611280300_cosign_lapsed.ts';
import * as recentReplies from './migrations/202611281100_recent_replies.ts';
import * as opinionsNewest from './migrations/202611281200_opinions_newest.ts';
import * as unitWorklist from './migrations/202611281300_unit_worklist.ts';
import * as staffWorklistCovering from './migrations/202611281400_staff_worklist_covering.ts';
import * as rateLimitsUnlogged from './migrations/202611281410_rate_limits_unlogged.ts';
import * as subtreeEstimates from './migrations/202611281500_subtree_estimates.ts';

export const migrations: Migrations = {
  '202611272000_suggestions': suggestions,
  '202611272001_around_the_workflow': around,
  '202611272002_search_and_list_indexes': searchIndexes,
  '202611272003_cosign_cutoff': cosignCutoff,
  '202611272004_search_index': searchIndex,
  '202611272005_recent_first_search_unit_year': recentFirst,
  '202611272300_statistics_facts': statisticsFacts,
  '202611272301_overdue_list': overdueList,
  '202611272302_search_one_pass': searchOnePass,
  '202611272303_rate_limits': rateLimits,
  '202611272304_search_pool': searchPool,
  '202611280200_subtree_ranges': subtreeRanges,
  '202611280201_published_items': publishedItems,
  '202611280202_staff_worklist': staffWorklist,
  '202611280203_search_bitmap': searchBitmap,
  '202611280204_published_newest': publishedNewest,
  '202611280205_public_search_years': publicSearchYears,
  '202611280300_cosign_lapsed': cosignLapsed,
  '202611281100_recent_replies': recentReplies,
  '202611281200_opinions_newest': opinionsNewest,
  '202611281300_unit_worklist': unitWorklist,
  '202611281400_staff_worklist_covering': staffWorklistCovering,
  '202611281410_rate_limits_unlogged': rateLimitsUnlogged,
  '202611281500_subtree_estimates': subtreeEstimates,
};
