import type { PageTemplate } from '../../../../../shared/model';

/**
 * Built-in template names are bilingual ("中文对开 8栏 · Chinese broadsheet, 8 columns"):
 * show the half in the interface language, or the whole name when it has no halves.
 */
export function templateLabel(template: PageTemplate, uiLanguage: string): string {
  const [zh, en] = template.name.split(' · ');
  if (!zh || !en) return template.name;
  return uiLanguage.startsWith('zh') ? zh : en;
}
