export const LEVELS = ['national', 'region', 'city', 'county', 'township'] as const;
export type Level = (typeof LEVELS)[number];
