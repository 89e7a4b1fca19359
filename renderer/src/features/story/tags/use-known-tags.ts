import { useEffect, useState } from 'react';
import type { TagCount } from '../../../../../shared/ipc/contract';
import { api } from '../../../api/client';

/**
 * The library's tags, for autocomplete and suggestions; read once per story view. Without
 * them the field still works (free tags, text-only suggestions), so a failure stays quiet.
 */
export function useKnownTags(): readonly TagCount[] {
  const [known, setKnown] = useState<readonly TagCount[]>([]);
  useEffect(() => {
    let live = true;
    Promise.resolve()
      .then(() => api.listTags())
      .then(
        (tags) => {
          if (live) setKnown(tags);
        },
        () => {},
      );
    return () => {
      live = false;
    };
  }, []);
  return known;
}
