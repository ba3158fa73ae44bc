// One suggestion: its content, units, replies, evaluations, deadlines and history, and the steps
// the caller may take now — the same page for the deputy, staff and the handling unit.
import { useState } from 'react';
import { App, Button, Card, Checkbox, Col, Descriptions, Form, Input, Modal, Radio, Row, Select, Space, Timeline, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ApiProblem, unwrap } from '@onenet/api-client';
import { api } from '../../api.ts';
import { formatDate, formatDateTime } from '../../time.ts';
import { EmptyState, ErrorState, QueryView } from '../../ui/states.tsx';
import { PageTitle } from '../../ui/PageTitle.tsx';
import { StateTag } from './List.tsx';
import { isSupported, perform, type ActionValues, type SupportedAction } from './actions.ts';
import { Attachments, CoSigners, Meetings, Thread } from './ItemParts.tsx';

function UnitSelect({ value, onChange, multiple }: { value?: string | string[]; onChange?: (v: string | string[]) => void; multiple?: boolean }) {
  const units = useQuery({
    queryKey: ['suggestions', 'units'],
    queryFn: () => unwrap(api.suggestions.GET('/units')),
  });
  return (
    <Select
      value={value}
      onChange={onChange}
      mode={multiple ? 'multiple' : undefined}
      loading={units.isPending}
      status={units.isError ? 'error' : undefined}
      showSearch
      optionFilterProp="label"
      options={(units.data?.items ?? []).filter((u) => u.active).map((u) => ({ value: u.id, label: u.name }))}
      data-testid={multiple ? 'co-units' : 'lead-unit'}
    />
  );
}

const MEETING_MODES = ['face-to-face', 'phone', 'video', 'site-visit', 'forum'] as const;

function ActionFields({ action }: { action: SupportedAction }) {
  const { t } = useTranslation();
  switch (action) {
    case 'reject':
      return (
        <>
          <Form.Item name="ground" label={t('suggestion.ground')} rules={[{ required: true }]}>
            <Select options={['personal-matter', 'under-litigation', 'no-content', 'outside-jurisdiction', 'duplicate', 'other'].map((g) => ({ value: g, label: t(`suggestion.grounds.${g}`) }))} />
          </Form.Item>
          <Form.Item name="reason" label={t('suggestion.reason')} rules={[{ required: true, whitespace: true }]}><Input.TextArea autoSize={{ minRows: 3 }} /></Form.Item>
        </>
      );
    case 'assign':
      return (
        <>
          <Form.Item name="lead" label={t('suggestion.lead_unit')} rules={[{ required: true }]}><UnitSelect /></Form.Item>
          <Form.Item name="co" label={t('suggestion.co_units')}><UnitSelect multiple /></Form.Item>
        </>
      );
    case 'request-adjustment':
    case 'withdraw':
      return <Form.Item name="reason" label={t('suggestion.reason')} rules={[{ required: true, whitespace: true }]}><Input.TextArea autoSize={{ minRows: 3 }} /></Form.Item>;
    case 'reply':
    case 'second-reply':
      return (
        <>
          <Form.Item name="category" label={t('suggestion.category')} rules={[{ required: true }]}>
            <Radio.Group options={['A', 'B', 'C', 'D'].map((c) => ({ value: c, label: t(`suggestion.categories.${c}`) }))} style={{ display: 'flex', flexDirection: 'column', gap: 8 }} />
          </Form.Item>
          <Form.Item name="body" label={t('suggestion.replyBody')} rules={[{ required: true, whitespace: true }]}><Input.TextArea autoSize={{ minRows: 6 }} /></Form.Item>
          <Form.Item noStyle dependencies={['category']}>
            {({ getFieldValue }) => {
              const category = getFieldValue('category') as string | undefined;
              if (category === 'A') {
                return <Form.Item name="evidence" label={t('suggestion.evidence')} extra={t('suggestion.evidenceHint')} rules={[{ required: true, whitespace: true }]}><Input.TextArea autoSize={{ minRows: 2 }} /></Form.Item>;
              }
              if (category === 'B' || category === 'C') {
                return (
                  <>
                    <Form.Item name="promise" label={t('suggestion.promise')} extra={t('suggestion.promiseHint')} rules={[{ required: true, whitespace: true }]}><Input.TextArea autoSize={{ minRows: 2 }} /></Form.Item>
                    <Form.Item name="dueOn" label={t('suggestion.promiseDue')} rules={[{ required: true }]}><Input type="date" /></Form.Item>
                  </>
                );
              }
              return null;
            }}
          </Form.Item>
          <Form.Item name="signedBy" label={t('suggestion.signedBy')} rules={[{ required: true, whitespace: true }]}><Input /></Form.Item>
        </>
      );
    case 'record-meeting':
      return (
        <>
          <Form.Item name="heldOn" label={t('suggestion.heldOn')} rules={[{ required: true }]}><Input type="date" /></Form.Item>
          <Form.Item name="mode" label={t('suggestion.mode')} rules={[{ required: true }]}>
            <Select options={MEETING_MODES.map((m) => ({ value: m, label: t(`suggestion.meetingModes.${m}`) }))} />
          </Form.Item>
          <Form.Item name="participants" label={t('suggestion.participants')} rules={[{ required: true, whitespace: true }]}><Input /></Form.Item>
          <Form.Item name="summary" label={t('suggestion.summary')} rules={[{ required: true, whitespace: true }]}><Input.TextArea autoSize={{ minRows: 3 }} /></Form.Item>
        </>
      );
    case 'evaluate':
      return (
        <>
          <Form.Item name="satisfaction" label={t('suggestion.satisfactionLabel')} rules={[{ required: true }]}>
            <Radio.Group optionType="button" options={['satisfied', 'basically-satisfied', 'dissatisfied'].map((s) => ({ value: s, label: t(`suggestion.satisfaction.${s}`) }))} />
          </Form.Item>
          <Form.Item name="actuallySolved" valuePropName="checked"><Checkbox>{t('suggestion.actuallySolved')}</Checkbox></Form.Item>
          <Form.Item name="comment" label={t('suggestion.comment')}><Input.TextArea autoSize={{ minRows: 2 }} /></Form.Item>
        </>
      );
    case 'publish':
      return (
        <>
          <Form.Item name="publicTitle" label={t('suggestion.publicTitle')}><Input /></Form.Item>
          <Form.Item name="publicReply" label={t('suggestion.publicReply')}><Input.TextArea autoSize={{ minRows: 3 }} /></Form.Item>
        </>
      );
    default:
      return <Form.Item name="comment" label={t('suggestion.comment')}><Input.TextArea autoSize={{ minRows: 2 }} /></Form.Item>;
  }
}

function ActionDialog({ id, action, onClose }: { id: string; action: SupportedAction; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<ActionValues>();
  const run = useMutation({
    mutationFn: (values: ActionValues) => perform(action, id, values),
    onSuccess: async () => {
      message.success(t('suggestion.done'));
      await queryClient.invalidateQueries({ queryKey: ['suggestions'] });
      onClose();
    },
    onError: (error) => {
      if (error instanceof ApiProblem) form.setFields(Object.entries(error.bodyFieldErrors()).map(([name, msg]) => ({ name, errors: [msg] })));
    },
  });
  return (
    <Modal
      open
      title={t(`suggestion.actions.${action}`)}
      okText={t('suggestion.confirm')}
      cancelText={t('suggestion.cancel')}
      confirmLoading={run.isPending}
      onCancel={onClose}
      onOk={() => form.validateFields().then((values) => run.mutate(values), () => undefined)}
      destroyOnHidden
    >
      <Form form={form} name={`step-${action}`} layout="vertical">
        <ActionFields action={action} />
      </Form>
      {run.isError && <ErrorState error={run.error} compact />}
    </Modal>
  );
}

function History({ id }: { id: string }) {
  const { t } = useTranslation();
  const audit = useQuery({
    queryKey: ['suggestions', 'audit', id],
    queryFn: () => unwrap(api.suggestions.GET('/suggestions/{id}/audit', { params: { path: { id } } })),
  });
  if (audit.isError) return <ErrorState error={audit.error} onRetry={() => void audit.refetch()} compact />;
  return (
    <Timeline
      pending={audit.isPending ? t('state.loading') : undefined}
      items={(audit.data?.records ?? []).map((r) => ({
        key: r.seq,
        children: (
          <div data-testid="history-entry">
            <Typography.Text strong>{t(`suggestion.states.${r.toState}`)}</Typography.Text>
            <div><Typography.Text type="secondary">{formatDateTime(r.at)} · {r.actorName ?? '—'}</Typography.Text></div>
            {r.comment && <div>{r.comment}</div>}
          </div>
        ),
      }))}
    />
  );
}

export default function SuggestionDetail() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const [action, setAction] = useState<SupportedAction | null>(null);
  const query = useQuery({
    queryKey: ['suggestions', 'detail', id],
    queryFn: () => unwrap(api.suggestions.GET('/suggestions/{id}', { params: { path: { id } } })),
  });
  return (
    <QueryView query={query} rows={10}>
      {(s) => {
        const steps = s.nextActions.map((a) => a.action).filter(isSupported);
        return (
          <>
            <PageTitle title={s.title} subtitle={<Space wrap><StateTag state={s.state} /><span>{t(`suggestion.kinds.${s.kind}`)}</span><span>{s.number ?? ''}</span><span>{s.leadName}</span></Space>} />
            <Row gutter={[16, 16]}>
              <Col xs={24} lg={16}>
                <Space direction="vertical" size={16} style={{ width: '100%' }}>
                  <Card title={t('suggestion.nextSteps')} size="small" data-testid="next-steps">
                    {steps.length === 0 ? <Typography.Text type="secondary">{t('suggestion.noNextSteps')}</Typography.Text> : (
                      <Space wrap>
                        {steps.map((a) => (
                          <Button key={a} type={a === 'reject' || a === 'withdraw' || a === 'request-adjustment' ? 'default' : 'primary'} danger={a === 'reject'} onClick={() => setAction(a)} data-testid={`action-${a}`}>
                            {t(`suggestion.actions.${a}`)}
                          </Button>
                        ))}
                      </Space>
                    )}
                  </Card>
                  <Card title={t('suggestion.body')} size="small">
                    <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{s.body}</Typography.Paragraph>
                    {s.rejection && <Typography.Paragraph type="danger">{t(`suggestion.grounds.${s.rejection.ground}`)}：{s.rejection.reason}</Typography.Paragraph>}
                  </Card>
                  {s.replies.length > 0 && (
                    <Card title={t('suggestion.replies')} size="small">
                      {s.replies.map((r) => (
                        <div key={r.id} className="reply">
                          <Typography.Text strong>{r.unitName} · {t(`suggestion.categories.${r.category}`)}</Typography.Text>
                          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{r.body}</Typography.Paragraph>
                          <Typography.Text type="secondary">{r.signedBy} · {formatDate(r.repliedOn)}</Typography.Text>
                        </div>
                      ))}
                    </Card>
                  )}
                  <Meetings item={s} />
                  {s.evaluations.length > 0 && (
                    <Card title={t('suggestion.evaluations')} size="small">
                      {s.evaluations.map((e) => (
                        <div key={e.round}>{t(`suggestion.satisfaction.${e.satisfaction}`)}{e.comment ? ` · ${e.comment}` : ''}</div>
                      ))}
                    </Card>
                  )}
                </Space>
              </Col>
              <Col xs={24} lg={8}>
                <Space direction="vertical" size={16} style={{ width: '100%' }}>
                  <Card title={t('suggestion.units')} size="small">
                    {s.assignments.length === 0 ? <EmptyState /> : (
                      <Descriptions column={1} size="small">
                        {s.assignments.map((a) => <Descriptions.Item key={a.id} label={a.role}>{a.unitName}（{a.status}）</Descriptions.Item>)}
                      </Descriptions>
                    )}
                  </Card>
                  {s.deadlines.length > 0 && (
                    <Card title={t('suggestion.deadlines')} size="small">
                      <Descriptions column={1} size="small">
                        {s.deadlines.map((d) => <Descriptions.Item key={d.id} label={d.kind}>{formatDate(d.dueOn)}（{d.status}）</Descriptions.Item>)}
                      </Descriptions>
                    </Card>
                  )}
                  <CoSigners item={s} />
                  <Attachments item={s} />
                  <Card title={t('suggestion.timeline')} size="small"><History id={id} /></Card>
                </Space>
              </Col>
            </Row>
            <div style={{ marginTop: 16 }}><Thread item={s} /></div>
            {action && <ActionDialog id={id} action={action} onClose={() => setAction(null)} />}
          </>
        );
      }}
    </QueryView>
  );
}
