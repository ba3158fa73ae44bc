// The five levels of deputies and the four levels of congress that elect them.
// National deputies are elected by the region's congress; every other level by the congress of
// its own level. A tenant's level is the depth of its path: region/city/county/township.

export const DEPUTY_LEVELS = ['national', 'region', 'city', 'county', 'township'] as const;
export type DeputyLevel = (typeof DEPUTY_LEVELS)[number];

export const LEVEL_LABELS: Record<DeputyLevel, string> = {
  national: '全国',
  region: '自治区',
  city: '市',
  county: '县（区）',
  township: '乡镇',
};

export const TENANT_KINDS = ['region', 'city', 'county', 'township'] as const;
export type TenantKind = (typeof TENANT_KINDS)[number];

export function tenantKindOfPath(tenantPath: string): TenantKind {
  const depth = tenantPath.split('/').length;
  const kind = TENANT_KINDS[depth - 1];
  if (!kind) throw new Error(`tenant path ${tenantPath} is deeper than a township`);
  return kind;
}

/** The deputy levels a congress elects: its own, and for the region also the national deputies. */
export function levelsElectedBy(tenantPath: string): DeputyLevel[] {
  const kind = tenantKindOfPath(tenantPath);
  return kind === 'region' ? ['national', 'region'] : [kind];
}

export const isDeputyLevel = (value: unknown): value is DeputyLevel => (DEPUTY_LEVELS as readonly unknown[]).includes(value);

/**
 * Reads the level as county staff write it in a roster: 全国人大代表, 自治区, 区级 (ambiguous in
 * Guangxi: 区 is both the region and a district — 区级 alone means the district, i.e. county
 * level, as in 八步区), 市级, 县级, 县（区）, 乡镇, 镇级, 乡级, 街道.
 */
export function parseLevel(raw: string): DeputyLevel | undefined {
  const text = raw.replace(/\s+/g, '').replace(/人大代表$|代表$/, '').replace(/级$/, '');
  if (isDeputyLevel(text)) return text;
  if (/^(全国|国家)$/.test(text)) return 'national';
  if (/^(自治区|省|省区|广西|广西壮族自治区)$/.test(text)) return 'region';
  if (/^(市|设区的市|地级市)$/.test(text)) return 'city';
  if (/^(县|区|县区|县\(区\)|县（区）|县市区|县市|市辖区)$/.test(text)) return 'county';
  if (/^(乡|镇|乡镇|街道|乡镇街道|乡（镇）|乡\(镇\))$/.test(text)) return 'township';
  return undefined;
}
