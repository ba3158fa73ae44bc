// The suggestion lists of each role.
import { Button } from 'antd';
import { EditOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { SuggestionList } from './List.tsx';

export function DeputySuggestions() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <SuggestionList
      title={t('deputy.suggestionsTitle')}
      queues={[{ key: 'all', label: t('suggestion.all') }]}
      emptyHint={t('suggestion.emptyDeputy')}
      extra={<Button type="primary" icon={<EditOutlined />} onClick={() => navigate('/work/deputy/suggestions/new')} data-testid="new-suggestion">{t('suggestion.new')}</Button>}
    />
  );
}

export function StaffRegistration() {
  const { t } = useTranslation();
  return (
    <SuggestionList
      title={t('staff.registrationTitle')}
      queues={[
        { key: 'submitted', label: t('suggestion.registrationQueue'), states: ['submitted'] },
        { key: 'registered', label: t('suggestion.assignQueue'), states: ['registered', 'adjustment-requested'] },
        { key: 'evaluated', label: t('suggestion.toPublish'), states: ['evaluated'] },
        { key: 'all', label: t('suggestion.all') },
      ]}
      emptyHint={t('suggestion.emptyQueue')}
    />
  );
}

export function HandlerQueue() {
  const { t } = useTranslation();
  return (
    <SuggestionList
      title={t('handler.title')}
      queues={[
        { key: 'open', label: t('suggestion.nextSteps'), states: ['assigned', 'signed-for', 'handling', 'extended', 're-handling'] },
        { key: 'all', label: t('suggestion.all') },
      ]}
      emptyHint={t('suggestion.emptyQueue')}
    />
  );
}
