import { describe, expect, it } from 'vitest';
import { formatSessionTime } from '../../../../renderer/src/features/history/revision-format';
import { formatDateTime } from '../../../../renderer/src/ui/format';

const session = { startedAt: '2026-12-06T02:13:00Z', savedAt: '2026-12-06T02:40:00Z', saves: 5 };

describe('one date and time format per interface language', () => {
  it('writes a session in the history the way the rest of the app writes a time', () => {
    const zh = formatSessionTime(session, 'zh-CN');
    const single = formatDateTime(session.startedAt, 'zh-CN');
    expect(zh.startsWith(single)).toBe(true);
    expect(single).toMatch(/2026年12月6日/);
    expect(zh).not.toMatch(/2026\/12\/6/);
    const en = formatSessionTime(session, 'en');
    expect(en.startsWith(formatDateTime(session.startedAt, 'en'))).toBe(true);
    expect(en).toMatch(/Dec 6, 2026/);
  });

  it('writes the end date again when a session runs past midnight', () => {
    const overnight = { startedAt: '2026-12-06T10:00:00', savedAt: '2026-12-07T00:30:00', saves: 3 };
    expect(formatSessionTime(overnight, 'zh-CN')).toBe(
      `${formatDateTime(overnight.startedAt, 'zh-CN')} – ${formatDateTime(overnight.savedAt, 'zh-CN')}`,
    );
  });
});
