// 撰写建议: a deputy writes a suggestion and submits it, or keeps it as a draft
// (suggestions POST /suggestions). Bad fields come back named and are shown on the form.
import { App, Button, Card, Form, Input, Radio, Space } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ApiProblem, unwrap } from '@onenet/api-client';
import { api } from '../../api.ts';
import { PageTitle } from '../../ui/PageTitle.tsx';
import { ErrorState } from '../../ui/states.tsx';

interface Values {
  kind: 'suggestion' | 'motion' | 'letter';
  period: 'session' | 'between-sessions';
  title: string;
  body: string;
  field?: string;
}

export default function NewSuggestion() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const create = useMutation({
    mutationFn: async ({ values, submit }: { values: Values; submit: boolean }) =>
      await unwrap(api.suggestions.POST('/suggestions', { body: { ...values, field: values.field || null, submit } })),
    onSuccess: async (created) => {
      message.success(t('suggestion.created_ok'));
      await queryClient.invalidateQueries({ queryKey: ['suggestions'] });
      navigate(`/work/suggestions/${created.id}`);
    },
    onError: (error) => {
      // The service names each bad field: put its message under that field.
      if (error instanceof ApiProblem) {
        form.setFields(Object.entries(error.bodyFieldErrors()).filter(([name]) => ['kind', 'period', 'title', 'body', 'field'].includes(name)).map(([name, msg]) => ({ name: name as keyof Values, errors: [msg] })));
      }
    },
  });
  const save = (submit: boolean) => form.validateFields().then((values) => create.mutate({ values, submit }), () => undefined);
  return (
    <>
      <PageTitle title={t('suggestion.new')} />
      <Card>
        <Form form={form} layout="vertical" initialValues={{ kind: 'suggestion', period: 'between-sessions' }} requiredMark>
          <Form.Item name="kind" label={t('suggestion.kind')} rules={[{ required: true }]}>
            <Radio.Group optionType="button" options={(['suggestion', 'motion', 'letter'] as const).map((k) => ({ value: k, label: t(`suggestion.kinds.${k}`) }))} />
          </Form.Item>
          <Form.Item name="period" label={t('suggestion.period')} rules={[{ required: true }]}>
            <Radio.Group options={(['between-sessions', 'session'] as const).map((p) => ({ value: p, label: t(`suggestion.periods.${p}`) }))} />
          </Form.Item>
          <Form.Item name="title" label={t('suggestion.title')} rules={[{ required: true, whitespace: true, max: 300 }]}>
            <Input maxLength={300} showCount />
          </Form.Item>
          <Form.Item name="field" label={t('suggestion.field')}>
            <Input maxLength={50} placeholder="城乡建设" />
          </Form.Item>
          <Form.Item name="body" label={t('suggestion.body')} rules={[{ required: true, whitespace: true }]}>
            <Input.TextArea autoSize={{ minRows: 8, maxRows: 20 }} maxLength={50_000} />
          </Form.Item>
          {create.isError && !(create.error instanceof ApiProblem && create.error.kind === 'invalid' && create.error.errors.some((e) => e.field.startsWith('/body/') && ['title', 'body', 'kind', 'period', 'field'].includes(e.field.slice(6)))) && (
            <div style={{ marginBottom: 16 }}><ErrorState error={create.error} compact /></div>
          )}
          <Space wrap>
            <Button type="primary" loading={create.isPending && create.variables?.submit} onClick={() => void save(true)} data-testid="submit-suggestion">{t('suggestion.submitNow')}</Button>
            <Button loading={create.isPending && !create.variables?.submit} onClick={() => void save(false)}>{t('suggestion.saveDraft')}</Button>
          </Space>
        </Form>
      </Card>
    </>
  );
}
