/**
 * The few strings the main process shows itself (native dialogs), before or outside the
 * renderer's i18n. Chosen from Electron's app.getLocale(): Chinese locales get zh-CN, the
 * rest English.
 */
export type MainLocale = 'zh-CN' | 'en';

export interface MainMessages {
  openExternalTitle: string;
  openExternalMessage: string;
  openExternalDetail: (url: string) => string;
  openInBrowser: string;
  cancel: string;
}

const table: Record<MainLocale, MainMessages> = {
  en: {
    openExternalTitle: 'Open link',
    openExternalMessage: 'Open this link in your web browser?',
    openExternalDetail: (url) => `${url}\n\nThe page opens outside Masthead.`,
    openInBrowser: 'Open in browser',
    cancel: 'Cancel',
  },
  'zh-CN': {
    openExternalTitle: '打开链接',
    openExternalMessage: '在浏览器中打开此链接？',
    openExternalDetail: (url) => `${url}\n\n该网页将在报头之外打开。`,
    openInBrowser: '在浏览器中打开',
    cancel: '取消',
  },
};

export const mainLocale = (locale: string): MainLocale => (/^zh\b/i.test(locale) ? 'zh-CN' : 'en');

export const mainMessages = (locale: string): MainMessages => table[mainLocale(locale)];
