import { describe, expect, it } from 'vitest';
import { resolveUiLanguage } from '../../../renderer/src/i18n';

describe('the interface language', () => {
  it.each([
    ['zh-CN', 'zh-CN'],
    ['zh-Hans-CN', 'zh-CN'],
    ['zh_CN.UTF-8', 'zh-CN'],
    ['zh_TW.UTF-8', 'zh-CN'],
    ['ZH', 'zh-CN'],
    ['en-US', 'en'],
    ['en_GB.UTF-8', 'en'],
    ['C.UTF-8', 'en'],
    ['', 'en'],
    ['zu_ZA', 'en'],
  ] as const)('follows a system language of %j as %s', (system, expected) => {
    expect(resolveUiLanguage('system', system)).toBe(expected);
  });

  it('ignores the system when the user chose a language', () => {
    expect(resolveUiLanguage('en', 'zh_CN.UTF-8')).toBe('en');
    expect(resolveUiLanguage('zh-CN', 'en-US')).toBe('zh-CN');
  });
});
