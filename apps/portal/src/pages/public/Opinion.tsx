// 反映意见 and 查询办理进度: a voter sends an opinion to a township's deputies and follows it by
// the receipt code (suggestions POST /public/opinions, GET /public/opinions/{receipt}).
import { useState } from 'react';
import { Alert, Button, Card, Descriptions, Form, Input, Result, Steps, TreeSelect, Typography, Upload } from 'antd';
import type { UploadFile } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ApiProblem, unwrap } from '@onenet/api-client';
import { api } from '../../api.ts';
import { tenants } from '../../tenants.ts';
import type { TenantTreeNode } from '../../tenant-index.ts';
import { formatDateTime } from '../../time.ts';
import { ErrorState, QueryView } from '../../ui/states.tsx';
import { PageTitle } from '../../ui/PageTitle.tsx';

/** Only townships can receive opinions; the levels above are there to find them. */
function townshipTree(node: TenantTreeNode): TenantTreeNode & { selectable: boolean } {
  return { ...node, selectable: tenants.get(node.value)?.kind === 'township', ...(node.children ? { children: node.children.map(townshipTree) } : {}) };
}

interface Values { township: string; body: string; name?: string; contact?: string }

export function OpinionForm() {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const [files, setFiles] = useState<UploadFile[]>([]);
  const root = tenants.subtree('450000');
  const send = useMutation({
    mutationFn: async (values: Values) => {
      const data = new FormData();
      data.set('township', values.township);
      data.set('body', values.body);
      if (values.name) data.set('name', values.name);
      if (values.contact) data.set('contact', values.contact);
      for (const f of files) if (f.originFileObj) data.append('files', f.originFileObj, f.name);
      // multipart/form-data: the service's OpenAPI does not describe this body yet.
      return await unwrap(api.suggestions.POST('/public/opinions', { body: data as never }));
    },
    onError: (error) => {
      if (error instanceof ApiProblem) form.setFields(Object.entries(error.bodyFieldErrors()).map(([name, msg]) => ({ name: name as keyof Values, errors: [msg] })));
    },
  });
  if (send.data) {
    return (
      <>
        <PageTitle title={t('public.opinionTitle')} />
        <Card>
          <Result
            status="success"
            title={t('opinion.receiptTitle')}
            subTitle={<>{t('opinion.receiptBody')}<div><Typography.Text code copyable className="receipt" data-testid="receipt">{send.data.receiptCode}</Typography.Text></div><div>{send.data.township} · {send.data.statusLabel}</div></>}
            extra={<Link to={`/public/opinions/track?receipt=${send.data.receiptCode}`} className="ant-btn ant-btn-primary">{t('opinion.track')}</Link>}
          />
        </Card>
      </>
    );
  }
  return (
    <>
      <PageTitle title={t('public.opinionTitle')} subtitle={t('public.opinionBody')} />
      <Card>
        <Form form={form} layout="vertical" onFinish={(values) => send.mutate(values)} requiredMark>
          <Form.Item name="township" label={t('opinion.township')} rules={[{ required: true }]}>
            <TreeSelect treeData={root ? [townshipTree(root)] : []} showSearch treeNodeFilterProp="title" data-testid="township" />
          </Form.Item>
          <Form.Item name="body" label={t('opinion.body')} rules={[{ required: true, whitespace: true, max: 5000 }]}>
            <Input.TextArea autoSize={{ minRows: 5 }} maxLength={5000} showCount />
          </Form.Item>
          <Form.Item name="name" label={t('opinion.name')}><Input maxLength={50} /></Form.Item>
          <Form.Item name="contact" label={t('opinion.contact')}><Input maxLength={100} /></Form.Item>
          <Form.Item label={t('opinion.files')}>
            <Upload accept="image/*,video/*" multiple fileList={files} beforeUpload={() => false} onChange={({ fileList }) => setFiles(fileList.slice(0, 5))}>
              <Button icon={<UploadOutlined />}>{t('opinion.files')}</Button>
            </Upload>
          </Form.Item>
          {send.isError && <div style={{ marginBottom: 16 }}><ErrorState error={send.error} compact /></div>}
          <Button type="primary" htmlType="submit" size="large" loading={send.isPending} block data-testid="send-opinion">{t('opinion.submit')}</Button>
        </Form>
      </Card>
    </>
  );
}

function Progress({ receipt }: { receipt: string }) {
  const { t } = useTranslation();
  const query = useQuery({
    queryKey: ['suggestions', 'opinion', receipt],
    queryFn: () => unwrap(api.suggestions.GET('/public/opinions/{receipt}', { params: { path: { receipt } } })),
  });
  return (
    <QueryView query={query}>
      {(o) => (
        <Card style={{ marginTop: 16 }} data-testid="opinion-progress">
          <Descriptions column={{ xs: 1, sm: 2 }} size="small">
            <Descriptions.Item label={t('opinion.receipt')}>{o.receiptCode}</Descriptions.Item>
            <Descriptions.Item label={t('opinion.township')}>{o.township}</Descriptions.Item>
            <Descriptions.Item label={t('opinion.status')}>{o.statusLabel}</Descriptions.Item>
            <Descriptions.Item label={t('opinion.received')}>{formatDateTime(o.createdAt)}</Descriptions.Item>
          </Descriptions>
          {o.answer && <Alert type="success" message={t('opinion.answer')} description={o.answer} style={{ margin: '12px 0' }} />}
          {o.rejectReason && <Alert type="warning" message={t('opinion.rejectReason')} description={o.rejectReason} style={{ margin: '12px 0' }} />}
          <Typography.Title level={2} style={{ fontSize: 16 }}>{t('opinion.steps')}</Typography.Title>
          <Steps direction="vertical" size="small" current={o.steps.length - 1} items={o.steps.map((s) => ({ title: s.label, description: formatDateTime(s.at) }))} />
        </Card>
      )}
    </QueryView>
  );
}

export function TrackOpinion() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const receipt = (params.get('receipt') ?? '').toUpperCase();
  const valid = /^[2-9A-HJKMNP-Z]{12}$/.test(receipt);
  return (
    <>
      <PageTitle title={t('public.trackTitle')} subtitle={t('public.trackBody')} />
      <Card>
        <Input.Search
          defaultValue={receipt}
          size="large"
          enterButton={t('opinion.track')}
          placeholder={t('opinion.receiptPlaceholder')}
          aria-label={t('opinion.receipt')}
          maxLength={12}
          onSearch={(v) => setParams(v.trim() ? { receipt: v.trim().toUpperCase() } : {})}
        />
        {receipt && !valid && <Alert type="warning" showIcon style={{ marginTop: 12 }} message={t('opinion.receiptPlaceholder')} />}
      </Card>
      {valid && <Progress receipt={receipt} />}
    </>
  );
}
