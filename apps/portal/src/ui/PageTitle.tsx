import type { ReactNode } from 'react';

/**
 * The page's heading (one h1 per page) with optional actions at its right. Plain elements, not
 * antd Typography: this is on every first screen and Typography weighs 40 KB gzip.
 */
export function PageTitle({ title, extra, subtitle }: { title: string; extra?: ReactNode; subtitle?: ReactNode }) {
  return (
    <div className="page-title">
      <div>
        <h1>{title}</h1>
        {subtitle && <div className="page-subtitle">{subtitle}</div>}
      </div>
      {extra && <div className="page-title-extra">{extra}</div>}
    </div>
  );
}
