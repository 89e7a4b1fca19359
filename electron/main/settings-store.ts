import ElectronStore from 'electron-store';
import { defaultSettings } from '../../shared/model';
import { type SettingsStore, backedSettingsStore } from '../store/settings';

/** Settings in the app's user-data folder (electron-store imports electron, so it lives here). */
export function createElectronSettingsStore(): SettingsStore {
  const store = new ElectronStore<Record<string, unknown>>({ name: 'settings', defaults: defaultSettings() });
  return backedSettingsStore(store);
}
