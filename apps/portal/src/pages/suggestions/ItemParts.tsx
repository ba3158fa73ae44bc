// Around one item: its co-signers (the lead deputy invites, each co-signer confirms or declines in
// the steps above), its attachments, its thread (deputy, co-signers, units and staff talking), and
// the handling meetings with the deputy (见面沟通) the unit has recorded.
import { useState, type ReactNode } from 'react';
import { App, Button, Card, Form, Input, List, Select, Space, Tag, Typography, Upload } from 'antd';
import { PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiProblem, unwrap } from '@onenet/api-client';
import { api } from '../../api.ts';
import { formatDate, formatDateTime } from '../../time.ts';
import { EmptyState, ErrorState } from '../../ui/states.tsx';
import type { SuggestionDetail } from './shapes.ts';

/** A small card listing the item's things, or saying there are none; forms go below. */
function ListCard<T>({ title, testId, empty, items, renderItem, children }: { title: string; testId: string; empty: string; items: T[]; renderItem: (item: T) => ReactNode; children?: ReactNode }) {
  return (
    <Card title={title} size="small" data-testid={testId}>
      {items.length === 0 ? <Typography.Text type="secondary">{empty}</Typography.Text> : <List size="small" dataSource={items} renderItem={renderItem} />}
      {children}
    </Card>
  );
}

const refresh = (queryClient: ReturnType<typeof useQueryClient>) => queryClient.invalidateQueries({ queryKey: ['suggestions'] });

/** Deputies found by name in the public directory (their profile id is their deputy id). */
function DeputyPicker({ value, onChange }: { value?: string[]; onChange?: (v: string[]) => void }) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const found = useQuery({
    queryKey: ['deputy-registry', 'public-profiles', 'picker', q],
    queryFn: () => unwrap(api['deputy-registry'].GET('/public/profiles', { params: { query: { q, limit: 20, offset: 0 } } })),
    enabled: q.trim().length > 0,
  });
  return (
    <Select
      mode="multiple"
      value={value}
      onChange={onChange}
      showSearch
      filterOption={false}
      onSearch={setQ}
      loading={found.isFetching}
      notFoundContent={q ? t('state.empty') : t('suggestion.searchDeputy')}
      options={(found.data?.items ?? []).map((d) => ({ value: d.personId, label: d.name }))}
      aria-label={t('suggestion.cosigners')}
      data-testid="cosigner-picker"
    />
  );
}

export function CoSigners({ item }: { item: SuggestionDetail }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ deputyIds: string[]; cutoff?: string }>();
  const canInvite = item.nextActions.some((a) => a.action === 'invite-cosigners') && item.yourParts.includes('lead-deputy');
  const invite = useMutation({
    mutationFn: (v: { deputyIds: string[]; cutoff?: string }) =>
      unwrap(api.suggestions.POST('/suggestions/{id}/cosigners', { params: { path: { id: item.id } }, body: { deputyIds: v.deputyIds, ...(v.cutoff ? { cutoff: v.cutoff } : {}) } })),
    onSuccess: async () => {
      message.success(t('suggestion.done'));
      form.resetFields();
      await refresh(queryClient);
    },
    onError: (error) => {
      if (error instanceof ApiProblem) form.setFields(Object.entries(error.bodyFieldErrors()).map(([name, msg]) => ({ name: name.split('/')[0] as 'deputyIds', errors: [msg] })));
    },
  });
  if (!canInvite && item.cosigners.length === 0) return null;
  return (
    <ListCard
      title={t('suggestion.cosigners')}
      testId="cosigners"
      empty={t('suggestion.noCosigners')}
      items={item.cosigners}
      renderItem={(c) => (
        <List.Item extra={<Tag color={{ confirmed: 'green', declined: 'red', lapsed: 'default', invited: 'gold' }[c.status]}>{t(`suggestion.cosignStatus.${c.status}`, { defaultValue: c.status })}</Tag>}>
          {c.name ?? c.deputyId}{c.cutoff ? <Typography.Text type="secondary">（{t('suggestion.cutoff')} {formatDate(c.cutoff)}）</Typography.Text> : null}
        </List.Item>
      )}
    >
      {canInvite && (
        <Form form={form} name="cosigners" layout="vertical" style={{ marginTop: 12 }} onFinish={(v) => invite.mutate(v)}>
          <Form.Item name="deputyIds" label={t('suggestion.inviteCosigners')} rules={[{ required: true }]}><DeputyPicker /></Form.Item>
          <Form.Item name="cutoff" label={t('suggestion.cutoff')}><Input type="date" /></Form.Item>
          <Button htmlType="submit" loading={invite.isPending} data-testid="invite-cosigners">{t('suggestion.invite')}</Button>
          {invite.isError && !(invite.error instanceof ApiProblem && invite.error.kind === 'invalid') && <ErrorState error={invite.error} compact />}
        </Form>
      )}
    </ListCard>
  );
}

export function Attachments({ item }: { item: SuggestionDetail }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const canAttach = item.yourParts.some((p) => p === 'lead-deputy' || p === 'lead-unit' || p === 'co-unit' || p === 'staff');
  const upload = useMutation({
    mutationFn: async (file: File) => {
      const data = new FormData();
      data.append('file', file, file.name);
      // multipart/form-data: the service's OpenAPI does not describe this body.
      return unwrap(api.suggestions.POST('/suggestions/{id}/attachments', { params: { path: { id: item.id } }, body: data as never }));
    },
    onSuccess: async () => {
      message.success(t('suggestion.attached'));
      await refresh(queryClient);
    },
  });
  const download = useMutation({
    mutationFn: async (file: { id: string; filename: string }) => {
      const blob = await unwrap(api.suggestions.GET('/suggestions/{id}/attachments/{fileId}', { params: { path: { id: item.id, fileId: file.id } }, parseAs: 'blob' }));
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = file.filename;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    },
  });
  return (
    <ListCard
      title={t('suggestion.attachments')}
      testId="attachments"
      empty={t('suggestion.noAttachments')}
      items={item.attachments}
      renderItem={(f) => (
        <List.Item>
          <Button type="link" icon={<PaperClipOutlined />} onClick={() => download.mutate(f)} data-testid="attachment">{f.filename}</Button>
          <Typography.Text type="secondary">{Math.max(1, Math.round(f.size / 1024))} KB</Typography.Text>
        </List.Item>
      )}
    >
      {canAttach && (
        <Upload
          showUploadList={false}
          accept=".pdf,.doc,.docx,.xls,.xlsx,.jpg,.jpeg,.png,.webp"
          beforeUpload={(file) => {
            upload.mutate(file);
            return false;
          }}
        >
          <Button icon={<UploadOutlined />} loading={upload.isPending} style={{ marginTop: 8 }} data-testid="attach">{t('suggestion.attach')}</Button>
        </Upload>
      )}
      {upload.isError && <ErrorState error={upload.error} compact />}
      {download.isError && <ErrorState error={download.error} compact />}
    </ListCard>
  );
}

export function Thread({ item }: { item: SuggestionDetail }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ body: string }>();
  const messages = useQuery({
    queryKey: ['suggestions', 'messages', item.id],
    queryFn: () => unwrap(api.suggestions.GET('/suggestions/{id}/messages', { params: { path: { id: item.id } } })),
  });
  const post = useMutation({
    mutationFn: (body: string) => unwrap(api.suggestions.POST('/suggestions/{id}/messages', { params: { path: { id: item.id } }, body: { body } })),
    onSuccess: async () => {
      form.resetFields();
      await queryClient.invalidateQueries({ queryKey: ['suggestions', 'messages', item.id] });
    },
  });
  const canTalk = item.yourParts.length > 0;
  return (
    <Card title={t('suggestion.thread')} size="small" data-testid="thread">
      {messages.isError ? <ErrorState error={messages.error} onRetry={() => void messages.refetch()} compact /> : (
        <List
          size="small"
          loading={messages.isPending}
          locale={{ emptyText: <EmptyState title={t('suggestion.noMessages')} /> }}
          dataSource={messages.data?.items ?? []}
          renderItem={(m) => (
            <List.Item data-testid="message">
              <Space direction="vertical" size={0}>
                <Typography.Text strong>{m.authorName ?? '—'} <Typography.Text type="secondary">· {t(`suggestion.parts.${m.authorPart}`, { defaultValue: m.authorPart })} · {formatDateTime(m.at)}</Typography.Text></Typography.Text>
                <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{m.body}</Typography.Paragraph>
              </Space>
            </List.Item>
          )}
        />
      )}
      {canTalk && (
        <Form form={form} name="thread" layout="vertical" onFinish={(v) => post.mutate(v.body)} style={{ marginTop: 8 }}>
          <Form.Item name="body" label={t('suggestion.newMessage')} rules={[{ required: true, whitespace: true, max: 5000 }]}><Input.TextArea autoSize={{ minRows: 2 }} /></Form.Item>
          <Button htmlType="submit" type="primary" loading={post.isPending} data-testid="send-message">{t('suggestion.send')}</Button>
          {post.isError && <ErrorState error={post.error} compact />}
        </Form>
      )}
    </Card>
  );
}

export function Meetings({ item }: { item: SuggestionDetail }) {
  const { t } = useTranslation();
  if (item.meetings.length === 0) return null;
  return (
    <Card title={t('suggestion.meetings')} size="small" data-testid="meetings">
      <List
        size="small"
        dataSource={item.meetings}
        renderItem={(m) => (
          <List.Item>
            <Space direction="vertical" size={0}>
              <Typography.Text strong>{formatDate(m.heldOn)} · {t(`suggestion.meetingModes.${m.mode}`, { defaultValue: m.mode })}</Typography.Text>
              <Typography.Text type="secondary">{m.participants}</Typography.Text>
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{m.summary}</Typography.Paragraph>
            </Space>
          </List.Item>
        )}
      />
    </Card>
  );
}
