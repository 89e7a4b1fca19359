import { describe, expect, it } from 'vitest';
import en from '../../../renderer/src/i18n/en.json';
import zhCN from '../../../renderer/src/i18n/zh-CN.json';

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of flatten(value, path)) out.set(k, v);
  }
  return out;
}

const catalogues = { en: flatten(en), 'zh-CN': flatten(zhCN) };
const variables = (text: string): string[] =>
  [...text.matchAll(/\{\{\s*([\w]+)[^}]*\}\}/g)].map((m) => m[1] ?? '').sort();

describe('interface translations', () => {
  it('have exactly the same keys in Chinese and English', () => {
    const enKeys = [...catalogues.en.keys()].sort();
    const zhKeys = [...catalogues['zh-CN'].keys()].sort();
    expect(zhKeys.filter((k) => !catalogues.en.has(k))).toEqual([]);
    expect(enKeys.filter((k) => !catalogues['zh-CN'].has(k))).toEqual([]);
  });

  it('have no empty strings', () => {
    for (const [language, catalogue] of Object.entries(catalogues)) {
      const empty = [...catalogue].filter(([, value]) => value.trim() === '').map(([key]) => `${language}:${key}`);
      expect(empty).toEqual([]);
    }
  });

  it('interpolate the same values in both languages', () => {
    const mismatched = [...catalogues.en].filter(
      ([key, value]) => variables(value).join() !== variables(catalogues['zh-CN'].get(key) ?? '').join(),
    );
    expect(mismatched.map(([key]) => key)).toEqual([]);
  });

  it('use the accessible names the E2E suite relies on', () => {
    const expected: [string, string, string][] = [
      ['header.newChinese', 'New Chinese story', '新建中文稿件'],
      ['header.newEnglish', 'New English story', '新建英文稿件'],
      ['header.settings', 'Settings', '设置'],
      ['story.kicker', 'Kicker (引题)', '引题'],
      ['story.headline', 'Headline (主题)', '主题'],
      ['story.subheadline', 'Subheadline (副题)', '副题'],
      ['story.byline', 'Byline', '署名'],
      ['story.dateline', 'Dateline (电头)', '电头'],
      ['story.slug', 'Slug', '稿件名'],
      ['story.section', 'Section', '版面/栏目'],
      ['story.status', 'Status', '状态'],
      ['story.bodyLabel', 'Story body', '正文'],
      ['story.save', 'Save', '保存'],
      ['story.back', 'Back to library', '返回稿库'],
      ['save.saved', 'Saved', '已保存'],
      ['settings.uiLanguage', 'Interface language', '界面语言'],
      ['settings.followSystem', 'Follow system', '跟随系统'],
      ['settings.close', 'Close', '关闭'],
      ['library.caption', 'Stories', '稿件'],
      ['copyfit.label', 'Copyfit', '版面适配'],
      ['copyfit.template', 'Page template', '版式模板'],
      ['copyfit.columns', 'Columns', '栏数'],
      ['copyfit.lines', 'Lines deep', '行数'],
      ['story.targetLength', 'Target length', '目标篇幅'],
      ['story.insertPhoto', 'Insert photo', '插入图片'],
      ['story.authorSet', 'Set your name', '填写姓名'],
      ['photo.caption', 'Caption (图片说明)', '图片说明'],
      ['photo.credit', 'Credit', '图片来源'],
      ['workflow.actions', 'Workflow', '流程操作'],
      ['workflow.history', 'Status history', '状态记录'],
      ['workflow.submit', 'Submit', '交稿'],
      ['workflow.approve', 'Approve', '签发'],
      ['workflow.restore', 'Restore', '恢复稿件'],
      ['tags.suggestionLabel', 'Suggested tag ({{kind}}): {{name}}', '建议标签（{{kind}}）：{{name}}'],
      ['import.button', 'Import', '导入'],
      ['import.title', 'Import stories', '导入稿件'],
      ['import.textLabel', 'Text to import', '要导入的文本'],
      ['import.split', 'Split here', '从此处拆分'],
      ['import.mergePrevious', 'Merge with previous story', '与上一篇合并'],
      ['import.roleOf', 'Role of line {{line}}', '第 {{line}} 行的作用'],
      ['import.commit_other', 'Import {{count}} stories', '导入 {{count}} 篇稿件'],
    ];
    for (const [key, english, chinese] of expected) {
      expect([key, catalogues.en.get(key)]).toEqual([key, english]);
      expect([key, catalogues['zh-CN'].get(key)]).toEqual([key, chinese]);
    }
  });
});
