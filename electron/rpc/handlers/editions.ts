import type { Edition } from '../../../shared/model';
import type { Library } from '../../store/library';
import type { Handlers } from '../dispatch';
import type { Session } from './session';

type EditionMethod =
  | 'listEditions'
  | 'listStoryPlaces'
  | 'getEdition'
  | 'createEdition'
  | 'saveEdition'
  | 'deleteEdition'
  | 'watchEdition';

/** Editions and their pages. */
export function editionHandlers(session: Session): Pick<Handlers, EditionMethod> {
  const library = () => session.current;
  return {
    listEditions: () => library().listEditions(),
    listStoryPlaces: () => library().editions.storyPlaces(),
    getEdition: ({ id }) => library().getEdition(id),
    createEdition: (input) => library().createEdition(input),
    saveEdition: (input) => library().saveEdition(input),
    deleteEdition: async ({ id }) => {
      await library().deleteEdition(id);
      return { id };
    },
    watchEdition: ({ id, since, timeoutMs }) => watchEdition(library(), id, since, timeoutMs),
  };
}

/** Resolves with the edition once its file differs from the one saved at `since`, or with null after `timeoutMs`. */
function watchEdition(
  library: Library,
  id: string,
  since: string,
  timeoutMs: number,
): Promise<{ edition: Edition | null }> {
  return new Promise((resolve) => {
    let done = false;
    const finish = (edition: Edition | null) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      stop();
      resolve({ edition });
    };
    // Listening first, then reading: a change between the two is not missed.
    const stop = library.onEditionChanged((changed, edition) => {
      if (changed === id && edition && edition.updatedAt !== since) finish(edition);
    });
    const timer = setTimeout(() => finish(null), timeoutMs);
    library.getEdition(id).then(
      (current) => {
        if (current.updatedAt !== since) finish(current);
      },
      () => finish(null),
    );
  });
}
