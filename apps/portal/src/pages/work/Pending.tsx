// Workspace pages whose endpoints the suggestions service does not offer yet.
import { useTranslation } from 'react-i18next';
import { NotAvailable } from '../../ui/NotAvailable.tsx';
import { PageTitle } from '../../ui/PageTitle.tsx';
import { PENDING } from '../../pending.ts';

function pendingPage(titleKey: string, bodyKey: string, needs: keyof typeof PENDING) {
  return function PendingPage() {
    const { t } = useTranslation();
    return (
      <>
        <PageTitle title={t(titleKey)} />
        <NotAvailable title={t(titleKey)} body={t(bodyKey)} needs={PENDING[needs] ?? []} />
      </>
    );
  };
}

export const StaffSupervision = pendingPage('staff.supervisionTitle', 'staff.supervisionBody', 'staffSupervision');
export const StaffNotices = pendingPage('staff.noticesTitle', 'staff.noticesBody', 'staffNotices');
