// 名册导入: a roster file checked with a dry run first, then imported — all rows or none
// (deputy-registry POST /imports/roster).
import { useState } from 'react';
import { Alert, Button, Card, Descriptions, Space, Table, Typography, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiProblem, unwrap, type ResponseOf } from '@onenet/api-client';
import { api } from '../../api.ts';
import { PageTitle } from '../../ui/PageTitle.tsx';
import { ErrorState } from '../../ui/states.tsx';

/** A row the import refused; a refused import (422) lists them in the same shape as a dry run. */
type RosterProblem = ResponseOf<'deputy-registry', '/imports/roster', 'post'>['problems'][number];

function contentType(file: File): string {
  if (file.type) return file.type;
  return file.name.toLowerCase().endsWith('.xlsx') ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv';
}

export default function Roster() {
  const { t } = useTranslation();
  const [file, setFile] = useState<File | null>(null);
  const run = useMutation({
    mutationFn: ({ dryRun }: { dryRun: boolean }) => unwrap(api['deputy-registry'].POST('/imports/roster', {
      params: { query: { dryRun } },
      // The service takes the file itself as the body (its OpenAPI does not describe it yet).
      body: file as never,
      bodySerializer: (body: unknown) => body,
      headers: { 'Content-Type': contentType(file as File) },
    })),
  });
  // A refused import (422) carries the same row list as a dry run.
  const refused = run.error instanceof ApiProblem ? (run.error.extensions.problems as RosterProblem[] | undefined) : undefined;
  const result = run.data;
  const problems: RosterProblem[] = result?.problems ?? refused ?? [];
  return (
    <>
      <PageTitle title={t('staff.rosterTitle')} subtitle={t('staff.rosterBody')} />
      <Card>
        <Space wrap>
          <Upload
            accept=".xlsx,.csv"
            maxCount={1}
            beforeUpload={(f) => { setFile(f); run.reset(); return false; }}
            onRemove={() => { setFile(null); run.reset(); }}
          >
            <Button icon={<UploadOutlined />}>{t('staff.chooseFile')}</Button>
          </Upload>
          <Button disabled={!file} loading={run.isPending && run.variables?.dryRun} onClick={() => run.mutate({ dryRun: true })}>{t('staff.dryRun')}</Button>
          <Button type="primary" disabled={!file || !result?.dryRun || problems.length > 0} loading={run.isPending && !run.variables?.dryRun} onClick={() => run.mutate({ dryRun: false })}>{t('staff.importNow')}</Button>
        </Space>
      </Card>
      {run.isError && !refused && <Card style={{ marginTop: 16 }}><ErrorState error={run.error} compact /></Card>}
      {(result || refused) && (
        <Card style={{ marginTop: 16 }}>
          {result && (
            <Descriptions size="small" column={{ xs: 1, sm: 3 }}>
              <Descriptions.Item label={t('staff.rows')}>{result.rows}</Descriptions.Item>
              <Descriptions.Item label={t('staff.problems')}>{problems.length}</Descriptions.Item>
              {result.changes && Object.entries(result.changes).map(([k, v]) => <Descriptions.Item key={k} label={k}>{v}</Descriptions.Item>)}
            </Descriptions>
          )}
          {problems.length === 0 ? (
            <Alert type="success" showIcon message={result?.dryRun ? t('staff.ok') : t('staff.importNow')} />
          ) : (
            <Table
              size="small"
              rowKey={(p) => `${p.row}-${p.field}`}
              dataSource={problems}
              pagination={{ pageSize: 50, hideOnSinglePage: true }}
              scroll={{ x: 'max-content' }}
              columns={[
                { title: '#', dataIndex: 'row', width: 70 },
                { title: t('staff.problems'), dataIndex: 'column', render: (c: string, p) => <Typography.Text strong>{c || p.field}</Typography.Text> },
                { title: '', dataIndex: 'reason' },
              ]}
            />
          )}
        </Card>
      )}
    </>
  );
}
