import { describe, expect, it } from 'vitest';
import i18n from '../../../renderer/src/i18n';
import { unitLabel } from '../../../renderer/src/features/story/measure/length-units';

describe('the unit of a Chinese story’s length', () => {
  it('reads "characters" in the English interface and 字 in the Chinese one', async () => {
    await i18n.changeLanguage('en');
    expect(unitLabel(i18n.t, 'chars', 'zh-Hans')).toBe('characters');
    await i18n.changeLanguage('zh-CN');
    expect(unitLabel(i18n.t, 'chars', 'zh-Hans')).toBe('字');
  });
});
