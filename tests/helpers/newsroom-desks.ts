import { afterAll, beforeAll } from 'vitest';
import type { DeskRole } from '../../shared/model/workflow';
import {
  type NewsroomServerProcess,
  type NewsroomServices,
  addNewsroomUser,
  startNewsroomServer,
  startNewsroomServices,
} from './newsroom-services';

/** One real newsroom for a test file: PostgreSQL, a server process, its users, stopped after. */
export interface NewsroomFixture {
  readonly services: NewsroomServices;
  readonly server: NewsroomServerProcess;
  /** Run after the file's tests, newest first, before the server and services stop. */
  readonly cleanups: (() => Promise<void>)[];
}

export interface FixtureUser {
  name: string;
  role: DeskRole;
  password: string;
}

/**
 * Starts the services and one newsroom server before the file's tests and adds `users`;
 * after them runs the cleanups (desks' sync clients, temp libraries) and stops everything.
 */
export function useNewsroom(users: readonly FixtureUser[]): NewsroomFixture {
  let services: NewsroomServices | undefined;
  let server: NewsroomServerProcess | undefined;
  const cleanups: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    services = await startNewsroomServices();
    server = await startNewsroomServer({ db: services.postgres.url });
    for (const user of users) await addNewsroomUser(services.postgres.url, user.name, user.role, user.password);
  }, 120_000);

  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
    await server?.stop();
    await services?.stop();
  }, 60_000);

  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('The newsroom fixture is used before its beforeAll ran.');
    return value;
  };
  return {
    get services() {
      return started(services);
    },
    get server() {
      return started(server);
    },
    cleanups,
  };
}
