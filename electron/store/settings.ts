import Conf from 'conf';
import { Settings, type SettingsPatch, defaultSettings } from '../../shared/model';

/**
 * Settings live outside the library (a library can move; settings say where it is).
 * The desktop app keeps them with electron-store, the web host and tests with conf
 * (electron-store's base); both sit behind this interface.
 */
export interface SettingsStore {
  get(): Settings;
  update(patch: SettingsPatch | Partial<Settings>): Settings;
  /** Where the settings file is, for the README and diagnostics. */
  readonly path: string;
}

/** The minimal key-value surface electron-store and conf share. */
export interface KeyValueBackend {
  readonly store: Record<string, unknown>;
  set(values: Record<string, unknown>): void;
  readonly path: string;
}

/**
 * Reads settings field by field: a damaged or hand-edited value falls back to its default
 * instead of taking the other settings (or the app) down with it.
 */
export function settingsFromRaw(raw: Record<string, unknown>): Settings {
  const defaults = defaultSettings();
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(defaults) as (keyof Settings)[]) {
    const field = Settings.shape[key].safeParse(raw[key]);
    out[key] = field.success ? field.data : defaults[key];
  }
  return out as Settings;
}

export function backedSettingsStore(backend: KeyValueBackend): SettingsStore {
  return {
    path: backend.path,
    get: () => settingsFromRaw(backend.store),
    update(patch) {
      const next = Settings.parse({ ...settingsFromRaw(backend.store), ...patch });
      backend.set(next);
      return next;
    },
  };
}

/** Settings in `<dir>/settings.json`, for the web host, the CLI and tests. */
export function createConfSettingsStore(dir: string): SettingsStore {
  const conf = new Conf<Record<string, unknown>>({
    cwd: dir,
    configName: 'settings',
    projectName: 'masthead',
    defaults: defaultSettings(),
  });
  return backedSettingsStore(conf);
}
