import type { Handlers } from '../dispatch';
import type { Session } from './session';

type NewsroomMethod =
  | 'newsroomStatus'
  | 'newsroomConnect'
  | 'newsroomDisconnect'
  | 'newsroomSync'
  | 'newsroomSetOpen'
  | 'listNewsroomStories'
  | 'newsroomOpenStory'
  | 'newsroomDismissNotices'
  | 'newsroomSetKeep';

/** The newsroom (issue 19): its status, signing in and out, syncing now, presence, and its stories not on this machine. */
export function newsroomHandlers(session: Session): Pick<Handlers, NewsroomMethod> {
  const { newsroom } = session;
  return {
    newsroomStatus: () => newsroom.status(),
    newsroomConnect: (input) => newsroom.connect(input),
    newsroomDisconnect: () => newsroom.disconnect(),
    newsroomSync: () => newsroom.sync(),
    newsroomSetOpen: ({ ids }) => {
      newsroom.setOpen(ids);
      return {};
    },
    listNewsroomStories: () => newsroom.remoteStories(),
    newsroomOpenStory: ({ id }) => newsroom.openStory(id),
    newsroomSetKeep: (input) => newsroom.setKeep(input),
    newsroomDismissNotices: () => {
      newsroom.dismissNotices();
      return {};
    },
  };
}
