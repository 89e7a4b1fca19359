import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * The end of a long list: a button that shows the next rows, pressed by itself when it
 * scrolls near the viewport, so scrolling through the library never stops at a page end.
 */
export function MoreRows({ remaining, onMore }: { remaining: number; onMore: () => void }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLButtonElement>(null);
  const onMoreRef = useRef(onMore);
  useEffect(() => {
    onMoreRef.current = onMore;
  });
  useEffect(() => {
    const button = ref.current;
    if (!button || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) onMoreRef.current();
      },
      { rootMargin: '600px 0px' },
    );
    observer.observe(button);
    return () => observer.disconnect();
  }, [remaining]);
  return (
    <div className="more-rows">
      <button ref={ref} type="button" className="button button--quiet" onClick={onMore}>
        {t('library.showMore', { count: remaining })}
      </button>
    </div>
  );
}
