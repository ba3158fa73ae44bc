// Pages not built yet, with the endpoints they will use. Each page says whether the service
// already offers them (then only the page is missing) or not (then the service is).
import type { NeededEndpoint } from './ui/NotAvailable.tsx';

const s = (operation: string, purpose: string): NeededEndpoint => ({ service: 'suggestions', operation, purpose });

export const PENDING: Record<string, NeededEndpoint[]> = {
  staffSupervision: [
    s('GET /supervisions', "this year's key supervision items"),
    s('GET /lookbacks', 'look-back rounds over past A/B answers'),
  ],
  staffNotices: [
    s('POST /notices', 'generate a progress / results notice'),
    s('GET /notices/{id}/file', 'download it as Excel or PDF'),
  ],
};
