import type { ReactNode } from 'react';
import { Typography } from 'antd';

/** The page's heading (one h1 per page) with optional actions at its right. */
export function PageTitle({ title, extra, subtitle }: { title: string; extra?: ReactNode; subtitle?: ReactNode }) {
  return (
    <div className="page-title">
      <div>
        <Typography.Title level={1}>{title}</Typography.Title>
        {subtitle && <Typography.Text type="secondary">{subtitle}</Typography.Text>}
      </div>
      {extra && <div className="page-title-extra">{extra}</div>}
    </div>
  );
}
