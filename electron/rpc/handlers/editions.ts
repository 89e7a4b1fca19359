import type { Handlers } from '../dispatch';
import type { Session } from './session';

type EditionMethod =
  'listEditions' | 'listStoryPlaces' | 'getEdition' | 'createEdition' | 'saveEdition' | 'deleteEdition';

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
  };
}
