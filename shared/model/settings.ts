import { z } from 'zod';

export const UiLanguage = z.enum(['zh-CN', 'en']);
export type UiLanguage = z.infer<typeof UiLanguage>;

export const WindowBounds = z.object({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().min(400).max(20_000),
  height: z.number().int().min(300).max(20_000),
  maximized: z.boolean(),
});
export type WindowBounds = z.infer<typeof WindowBounds>;

export const Settings = z.object({
  /** null: the default library inside the app's user-data folder. */
  libraryPath: z.string().min(1).max(4096).nullable(),
  /** 'system' follows the operating system's language. */
  uiLanguage: z.union([UiLanguage, z.literal('system')]),
  windowBounds: WindowBounds.nullable(),
  /** Shown in revision history and workflow changes. */
  authorName: z.string().max(120),
});
export type Settings = z.infer<typeof Settings>;

export const defaultSettings = (): Settings => ({
  libraryPath: null,
  uiLanguage: 'system',
  windowBounds: null,
  authorName: '',
});

/** What the renderer may change. The library path changes through its own method. */
export const SettingsPatch = Settings.pick({ uiLanguage: true, authorName: true }).partial();
export type SettingsPatch = z.infer<typeof SettingsPatch>;
