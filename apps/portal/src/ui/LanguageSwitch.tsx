import { Button } from 'antd';
import { GlobalOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { changeLanguage } from '../i18n/index.ts';

export function LanguageSwitch({ ghost }: { ghost?: boolean }) {
  const { t, i18n } = useTranslation();
  const next = i18n.language === 'en' ? 'zh-CN' : 'en';
  return (
    <Button
      type={ghost ? 'text' : 'default'}
      className={ghost ? 'on-dark' : undefined}
      icon={<GlobalOutlined />}
      lang={next}
      onClick={() => void changeLanguage(next)}
      data-testid="language-switch"
    >
      {t('nav.language')}
    </Button>
  );
}
