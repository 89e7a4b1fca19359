import type { Handlers } from '../dispatch';
import type { Session } from './session';
import { suggestStoryTags } from '../../text/tag-suggestions';

type StoryMethod =
  | 'listStories'
  | 'listRecentStories'
  | 'getStory'
  | 'getStories'
  | 'createStory'
  | 'saveStory'
  | 'trashStory'
  | 'listTrash'
  | 'restoreStory'
  | 'listRevisions'
  | 'getRevision'
  | 'restoreRevision'
  | 'markRevision'
  | 'listTags'
  | 'suggestTags'
  | 'searchStories'
  | 'importAsset';

/** Stories, their history, tags, photos and search: the library's own services. */
export function storyHandlers(session: Session): Pick<Handlers, StoryMethod> {
  const library = () => session.current;
  return {
    listStories: () => library().listStoryRows(),
    listRecentStories: ({ limit }) => library().recentStoryRows(limit),
    getStory: ({ id }) => library().getStory(id),
    getStories: ({ ids }) => library().getStories(ids),
    createStory: (input) => library().createStory(input),
    saveStory: (input) => library().saveStory(input),
    trashStory: async ({ id }) => {
      await library().trashStory(id);
      return { id };
    },
    listTrash: () => library().listTrash(),
    restoreStory: ({ id }) => library().restoreStory(id),
    listRevisions: ({ id }) => library().listRevisions(id),
    getRevision: ({ id, snapshot }) => library().getRevision(id, snapshot),
    restoreRevision: ({ id, snapshot, baseRevision }) => library().restoreRevision(id, snapshot, baseRevision),
    markRevision: ({ id, name }) => library().markRevision(id, name),
    listTags: () => library().listTags(),
    // Chinese is cut in the search process (jieba's dictionary stays out of this one).
    suggestTags: (input) =>
      suggestStoryTags(input, library().listTags(), (text, people) => session.storySearch().segment(text, people)),
    searchStories: ({ query, limit }) => session.storySearch().search(query, { limit }),
    importAsset: ({ name, data, artwork }) =>
      library().assets.add(Buffer.from(data, 'base64'), name, { vector: Boolean(artwork) }),
  };
}
