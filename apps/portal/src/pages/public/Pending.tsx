// Public pages whose service endpoints do not exist yet (suggestions service).
import { useTranslation } from 'react-i18next';
import { NotAvailable } from '../../ui/states.tsx';
import { PageTitle } from '../../ui/PageTitle.tsx';
import { PENDING } from '../../pending.ts';

export function PublicSuggestions() {
  const { t } = useTranslation();
  return (
    <>
      <PageTitle title={t('public.suggestionsTitle')} />
      <NotAvailable title={t('public.suggestionsTitle')} body={t('public.suggestionsBody')} needs={PENDING.publicSuggestions ?? []} />
    </>
  );
}

export function OpinionForm() {
  const { t } = useTranslation();
  return (
    <>
      <PageTitle title={t('public.opinionTitle')} />
      <NotAvailable title={t('public.opinionTitle')} body={t('public.opinionBody')} needs={PENDING.publicOpinion ?? []} />
    </>
  );
}

export function TrackOpinion() {
  const { t } = useTranslation();
  return (
    <>
      <PageTitle title={t('public.trackTitle')} />
      <NotAvailable title={t('public.trackTitle')} body={t('public.trackBody')} needs={PENDING.publicTrack ?? []} />
    </>
  );
}
