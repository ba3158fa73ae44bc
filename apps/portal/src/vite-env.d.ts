/// <reference types="vite/client" />
declare module 'virtual:onenet-tenants' {
  /** [code, name, kind, parentCode] for every tenant, parents before children. */
  const tenants: [string, string, 'region' | 'city' | 'county' | 'township', string | null][];
  export default tenants;
}
