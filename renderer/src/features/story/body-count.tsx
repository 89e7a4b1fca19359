import { useTranslation } from 'react-i18next';
import type { StoryLanguage } from '../../../../shared/model';
import type { TextCounts } from '../../../../shared/text/count';

/** Chinese copy is measured in characters (字) with punctuation shown apart; English in words. */
export function BodyCount({ counts, language }: { counts: TextCounts; language: StoryLanguage }) {
  const { t } = useTranslation();
  return (
    <div className="body-count">
      <span className="body-count__label">{t('story.count')}</span>
      {language === 'zh-Hans' ? (
        <>
          <span className="body-count__main">
            {t('story.countZh', { characters: counts.characters, punctuation: counts.punctuation })}
          </span>
          <span className="body-count__extra">{t('story.countZhHan', { han: counts.han })}</span>
        </>
      ) : (
        <>
          <span className="body-count__main">{t('story.countEn', { count: counts.words })}</span>
          <span className="body-count__extra">{t('story.countEnChars', { characters: counts.characters })}</span>
        </>
      )}
    </div>
  );
}
