import type { NewsroomSettings } from '../../../shared/model';
import { ROUTES } from '../../../shared/newsroom/protocol';
import type { SettingsStore } from '../../store/settings';
import { login, normaliseServers, serverAddress } from './servers';
import type { SecretStore } from './token-store';

/**
 * Signing this machine in and out of a newsroom, for the app, the web host and the CLI alike:
 * the servers and the name go into the machine's settings, the session token into the secret
 * store (never the library, never the settings file).
 */

export interface ConnectInput {
  servers: readonly string[];
  user: string;
  password: string;
  /** Sections whose stories stay on this machine (kept as they were when not given). */
  keepSections?: string[];
  /** Days an opened story stays on this machine. */
  keepDays?: number;
}

export async function connectNewsroom(
  settings: SettingsStore,
  secrets: SecretStore,
  input: ConnectInput,
): Promise<{ settings: NewsroomSettings; role: string; server: string; expiresAt: string }> {
  const servers = normaliseServers(input.servers);
  const user = input.user.trim();
  const answer = await login(servers, user, input.password);
  const previous = settings.get().newsroom;
  const next: NewsroomSettings = {
    servers,
    user: answer.user.name,
    keepSections: input.keepSections ?? previous?.keepSections ?? [],
    keepDays: input.keepDays ?? previous?.keepDays ?? 14,
  };
  await secrets.write(answer.token);
  settings.update({ newsroom: next });
  return { settings: next, role: answer.user.role, server: answer.server, expiresAt: answer.expiresAt };
}

/** Signs out: the server forgets the session (when it can be reached), this machine the token. */
export async function disconnectNewsroom(settings: SettingsStore, secrets: SecretStore): Promise<void> {
  const token = await secrets.read();
  const servers = settings.get().newsroom?.servers ?? [];
  if (token) {
    for (const server of servers) {
      const ok = await fetch(`${serverAddress(server).http}${ROUTES.logout}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
        signal: AbortSignal.timeout(3000),
      }).then(
        (response) => response.ok,
        () => false,
      );
      if (ok) break;
    }
  }
  await secrets.write(null);
}

/** The newsroom to start with: settings that name a server, and a token. Otherwise single-desk use. */
export async function newsroomToStart(
  settings: SettingsStore,
  secrets: SecretStore,
): Promise<{ settings: NewsroomSettings; token: string } | null> {
  const newsroom = settings.get().newsroom;
  if (!newsroom || newsroom.servers.length === 0) return null;
  const token = await secrets.read();
  return token ? { settings: newsroom, token } : null;
}
