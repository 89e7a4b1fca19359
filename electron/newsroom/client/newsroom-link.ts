import type { NewsroomConnectInput, NewsroomKeepInput, NewsroomStatus } from '../../../shared/ipc/newsroom';
import type { Story } from '../../../shared/model';
import type { CatalogueStory } from '../../../shared/newsroom/protocol';
import { ServiceError } from '../../rpc/errors';
import type { Library } from '../../store/library';
import type { SettingsStore } from '../../store/settings';
import { connectNewsroom, disconnectNewsroom, newsroomToStart } from './connect';
import { readClientState } from './local-state';
import type { NewsroomClient } from './newsroom-client';
import type { SecretStore } from './token-store';

export interface NewsroomLinkOptions {
  settings: SettingsStore;
  secrets: SecretStore;
  /** Pause between reconnection attempts (ms); tests shorten it. */
  retryDelayMs?: number;
}

/**
 * The workspace's newsroom (app and web host): starts the sync service on the open library
 * when this machine's settings name a server and a session token is kept, and not otherwise —
 * without a newsroom nothing here runs, no timer and no connection, and single-desk use is as
 * it always was. The sync's modules (Yjs, Hocuspocus) are loaded only then.
 */
export class NewsroomLink {
  private client: NewsroomClient | null = null;
  private library: Library | null = null;
  private writable = false;
  /** The sync starting or stopping now: the next change waits for it. */
  private turn: Promise<void> = Promise.resolve();

  constructor(private readonly options: NewsroomLinkOptions) {}

  /** Follows the open library: the sync moves to it (or pauses where the library is read-only here). */
  attach(library: Library, writable: boolean): Promise<void> {
    this.library = library;
    this.writable = writable;
    return this.restart();
  }

  /** Resolves once the sync has started (or found nothing to start). */
  ready(): Promise<void> {
    return this.turn;
  }

  private restart(): Promise<void> {
    this.turn = this.turn.then(async () => {
      await this.client?.stop().catch(() => undefined);
      this.client = null;
      if (!this.library || !this.writable) return;
      const start = await newsroomToStart(this.options.settings, this.options.secrets);
      if (!start) return;
      const { NewsroomClient } = await import('./newsroom-client');
      const client = new NewsroomClient({
        library: this.library,
        settings: start.settings,
        token: start.token,
        retryDelayMs: this.options.retryDelayMs,
      });
      await client.start();
      this.client = client;
    });
    this.turn = this.turn.catch((error: unknown) =>
      console.error('[masthead] the newsroom sync did not start:', error),
    );
    return this.turn;
  }

  async stop(): Promise<void> {
    this.library = null;
    await this.restart();
  }

  /** The sync service running now, for the live editor (null in single-desk use). */
  get running(): NewsroomClient | null {
    return this.client;
  }

  async status(): Promise<NewsroomStatus> {
    const settings = this.options.settings.get().newsroom;
    const base: NewsroomStatus = {
      state: 'off',
      servers: settings?.servers ?? [],
      user: settings?.user ?? null,
      role: null,
      server: null,
      changesWaiting: 0,
      changesRefused: 0,
      serverStoryCount: null,
      error: null,
      notices: [],
      presence: {},
      paused: !this.writable,
      libraryWrites: 0,
      keepSections: settings?.keepSections ?? [],
      keepDays: settings?.keepDays ?? 14,
    };
    const client = this.client;
    if (!client) {
      if (!settings) return base;
      const local = this.library ? await readClientState(this.library.root) : null;
      return {
        ...base,
        state: (await this.options.secrets.read()) ? 'offline' : 'signed-out',
        role: local?.role ?? null,
        changesWaiting: local?.pending.length ?? 0,
        notices: local?.notices ?? [],
      };
    }
    const status = client.status();
    return {
      ...base,
      state: status.state,
      user: status.user,
      role: status.role,
      server: status.server,
      changesWaiting: status.changesWaiting,
      changesRefused: status.changesRefused,
      serverStoryCount: status.serverStoryCount,
      error: status.error,
      notices: status.notices,
      presence: client.presence(),
      libraryWrites: status.libraryWrites,
    };
  }

  /** Signs in (settings and token kept) and starts the sync on the open library. */
  async connect(input: NewsroomConnectInput): Promise<NewsroomStatus> {
    await connectNewsroom(this.options.settings, this.options.secrets, input);
    await this.restart();
    return this.status();
  }

  /** What this machine keeps offline; the sync starts again with it (bringing what it now keeps). */
  async setKeep(input: NewsroomKeepInput): Promise<NewsroomStatus> {
    const current = this.options.settings.get().newsroom;
    if (!current) {
      throw new ServiceError(
        'unsupported',
        'This machine is not connected to a newsroom: connect in Settings → Newsroom first.',
      );
    }
    const keepSections = [...new Set(input.keepSections.map((s) => s.trim()).filter(Boolean))];
    this.options.settings.update({ newsroom: { ...current, keepSections, keepDays: input.keepDays } });
    await this.restart();
    return this.status();
  }

  /** Signs out: the sync stops and the token is forgotten; the library stays as it is. */
  async disconnect(): Promise<NewsroomStatus> {
    await this.turn;
    await this.client?.stop().catch(() => undefined);
    this.client = null;
    await disconnectNewsroom(this.options.settings, this.options.secrets);
    return this.status();
  }

  private need(): NewsroomClient {
    if (!this.client) {
      throw new ServiceError(
        'unsupported',
        'This machine is not connected to a newsroom: connect in Settings → Newsroom first.',
      );
    }
    return this.client;
  }

  /** Pulls and pushes now; resolves when the server has everything from here and here everything from it. */
  async sync(): Promise<{ pushed: number; stories: number }> {
    const client = this.need();
    const { stories } = await client.pull();
    const { pushed } = await client.push();
    return { pushed, stories };
  }

  /** What this desk has open, shown to the others (does nothing without a newsroom). */
  setOpen(ids: readonly string[]): void {
    this.client?.setOpen(ids);
  }

  /** Newsroom stories not on this machine, for the library list. */
  remoteStories(): CatalogueStory[] {
    return this.client?.remoteOnlyStories() ?? [];
  }

  openStory(id: string): Promise<Story> {
    return this.need().openStory(id);
  }

  dismissNotices(): void {
    this.client?.dismissNotices();
  }
}
