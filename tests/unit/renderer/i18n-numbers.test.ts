import { describe, expect, it } from 'vitest';
import i18n from '../../../renderer/src/i18n';

/**
 * Numbers in interface strings (`{{count, number}}`, the library's lengths and counts) go
 * through the app's own number formatter, one Intl.NumberFormat per language: written as
 * i18next's formatter wrote them, for every count and in either language.
 */
describe('numbers in interface strings', () => {
  it('are grouped as the interface language writes them, whatever the count', async () => {
    await i18n.changeLanguage('en');
    expect(i18n.t('units.chars', { count: 1 })).toBe('1 character');
    expect(i18n.t('units.chars', { count: 1234567 })).toBe('1,234,567 characters');
    expect(i18n.t('units.words', { count: 12345 })).toBe('12,345 words');
    await i18n.changeLanguage('zh-CN');
    expect(i18n.t('units.chars', { count: 1234567 })).toBe('1,234,567 字');
    for (const count of [0, 7, 999, 1000, 25_000, 10_000_000]) {
      expect(i18n.t('units.chars', { count })).toBe(`${new Intl.NumberFormat('zh-CN').format(count)} 字`);
    }
  });

  it('still take options written in the string', () => {
    const formatter = i18n.services.formatter!;
    expect(formatter.format(1234.5, 'number(minimumFractionDigits: 2)', 'en', {})).toBe('1,234.50');
    expect(formatter.format(1234.5, 'number', 'en', {})).toBe('1,234.5');
  });
});
