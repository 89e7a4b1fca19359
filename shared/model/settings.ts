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

/** What a Word paragraph style becomes when a .docx is imported. */
export const WordStyleRole = z.enum([
  'kicker',
  'headline',
  'subheadline',
  'dateline',
  'byline',
  'crosshead',
  'caption',
  'quote',
  'body',
]);
export type WordStyleRole = z.infer<typeof WordStyleRole>;

export const WordStyle = z.object({
  /** The style's name as Word shows it, e.g. 引题 or "NP Kicker". */
  style: z.string().trim().min(1).max(100),
  role: WordStyleRole,
});
export type WordStyle = z.infer<typeof WordStyle>;

/**
 * This machine's newsroom (issue 19, docs/newsroom.md): the servers to sync with, tried in
 * order, and who signs in. The session token is kept apart (never in settings or the library).
 */
export const NewsroomSettings = z.object({
  servers: z.array(z.string().min(1).max(2048)).min(1).max(10),
  user: z.string().min(1).max(120),
  /** Sections whose stories stay on this machine for offline work, besides the user's own. */
  keepSections: z.array(z.string().max(60)).max(200).default([]),
  /** Stories opened in the last N days stay on this machine. */
  keepDays: z.number().int().min(0).max(365).default(14),
});
export type NewsroomSettings = z.infer<typeof NewsroomSettings>;

export const Settings = z.object({
  /** null: the default library inside the app's user-data folder. */
  libraryPath: z.string().min(1).max(4096).nullable(),
  /** 'system' follows the operating system's language. */
  uiLanguage: z.union([UiLanguage, z.literal('system')]),
  windowBounds: WindowBounds.nullable(),
  /** Shown in revision history and workflow changes. */
  authorName: z.string().max(120),
  /** The newsroom's own Word paragraph styles and the story field each one fills on import. */
  wordStyles: z.array(WordStyle).max(200),
  /** How many automatic backups of the library to keep; older ones are deleted. */
  backupKeep: z.number().int().min(1).max(100),
  /** Hours between automatic backups; 0 turns them off. */
  backupIntervalHours: z
    .number()
    .int()
    .min(0)
    .max(24 * 30),
  /** Curly quotes, em dashes and ellipses as an English story is typed. */
  smartTypography: z.boolean(),
  /** null: single-desk use, no server. */
  newsroom: NewsroomSettings.nullable(),
});
export type Settings = z.infer<typeof Settings>;

export const defaultSettings = (): Settings => ({
  libraryPath: null,
  uiLanguage: 'system',
  windowBounds: null,
  authorName: '',
  wordStyles: [],
  backupKeep: 10,
  backupIntervalHours: 24,
  smartTypography: true,
  newsroom: null,
});

/** What the renderer may change. The library path changes through its own method. */
export const SettingsPatch = Settings.pick({
  uiLanguage: true,
  authorName: true,
  wordStyles: true,
  backupKeep: true,
  backupIntervalHours: true,
  smartTypography: true,
}).partial();
export type SettingsPatch = z.infer<typeof SettingsPatch>;
