// Simplified Chinese first, English on request; the choice is remembered on the device.
// Only the active language travels: its messages, antd's texts and dayjs's month names are
// one small chunk per language, fetched while the sign-in check runs; the other language's
// chunk comes only when the user switches.
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Locale } from 'antd/es/locale';
import type { Messages } from './zh-CN.ts';
import { setDateLocale } from '../time.ts';

export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
const STORAGE_KEY = 'onenet.language';

const bundles: Record<Language, () => Promise<{ messages: Messages; antd: Locale }>> = {
  'zh-CN': async () => {
    const [{ zhCN }, antd] = await Promise.all([import('./zh-CN.ts'), import('antd/es/locale/zh_CN'), import('dayjs/locale/zh-cn')]);
    return { messages: zhCN, antd: antd.default };
  },
  en: async () => {
    const [{ en }, antd] = await Promise.all([import('./en.ts'), import('antd/es/locale/en_US')]);
    return { messages: en, antd: antd.default };
  },
};
const antdLocales: Partial<Record<Language, Locale>> = {};

export function initialLanguage(): Language {
  const saved = typeof localStorage === 'undefined' ? null : localStorage.getItem(STORAGE_KEY);
  return saved === 'en' ? 'en' : 'zh-CN';
}

export const i18n = i18next.createInstance();

async function load(language: Language): Promise<void> {
  if (antdLocales[language]) return;
  const { messages, antd } = await bundles[language]();
  i18n.addResourceBundle(language, 'translation', messages);
  antdLocales[language] = antd;
}

export async function initI18n(language: Language = initialLanguage()): Promise<void> {
  await i18n.use(initReactI18next).init({
    resources: {},
    lng: language,
    fallbackLng: false,
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  await load(language);
  applyLanguage(language);
}

/** antd's own texts (pagination, pickers, empty lists) in the active language. */
export function antdLocale(): Locale | undefined {
  return antdLocales[i18n.language as Language];
}

function applyLanguage(language: Language): void {
  setDateLocale(language);
  if (typeof document !== 'undefined') document.documentElement.lang = language;
}

export async function changeLanguage(language: Language): Promise<void> {
  await load(language);
  localStorage.setItem(STORAGE_KEY, language);
  await i18n.changeLanguage(language);
  applyLanguage(language);
}
