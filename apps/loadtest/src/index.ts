// @onenet/loadtest: the region-scale seed, the load realm, the peak and the soak.
import type { UserSpread } from './realm.ts';

export { FULL_SIZES, MEDIUM_SIZES, SMALL_SIZES, seedRegion, type RegionSeed, type RegionSizes } from './seed.ts';
export { runLoad, type LoadRunFigures, type LoadRunOptions } from './run.ts';
export { guangxiTree } from './region.ts';

/** Load users for the full region: the region, every city, two counties per city and two townships per county. */
export const FULL_SPREAD: UserSpread = { countiesPerCity: 2, townshipsPerCounty: 2, deputiesPerTenant: 4 };
/** For the small tree: every congress. */
export const SMALL_SPREAD: UserSpread = { deputiesPerTenant: 3 };
