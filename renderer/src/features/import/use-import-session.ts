import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import type { ImportWarning, ImportedStory } from '../../../../shared/import/types';
import { api } from '../../api/client';
import { isImportable } from '../../../../shared/file-types';
import { MAX_IMPORT_BYTES } from '../../../../shared/limits';
import { type ReadItem, fileItem, pasteItem, sameFile } from './import-files';
import { blocksCommit, initialPreview, previewReducer, storyIssues, toCommit } from './import-preview-state';

export type ImportStage = 'input' | 'reading' | 'preview' | 'saving' | 'done';
export type InputTab = 'paste' | 'files';

export type RejectReason = 'type' | 'size' | 'empty';

export interface FileError {
  name: string;
  /** The host's refusal, or why the file was not sent at all. */
  error: unknown;
  reason?: RejectReason;
}

/** Why a file is not worth sending to the host, or null if it is. */
export function rejectReason(file: File): RejectReason | null {
  if (!isImportable(file.name)) return 'type';
  if (file.size === 0) return 'empty';
  if (file.size > MAX_IMPORT_BYTES) return 'size';
  return null;
}

export interface FileNotes {
  name: string;
  warnings: ImportWarning[];
}

/** A file whose very bytes were imported before: its stories wait until the editor says. */
export interface RerunQuestion {
  name: string;
  source: string;
  sha256?: string;
  stories: ImportedStory[];
  importedBefore: { at: string; stories: { id: string; headline: string }[] };
}

export interface Progress {
  /** 1-based: the item being read or the stories saved so far. */
  current: number;
  total: number;
  name: string;
}

/** Saving goes in batches, so a big import shows progress and a failure keeps what was saved. */
const BATCH_STORIES = 25;
const BATCH_CHARS = 8_000_000;

/**
 * Everything the import dialog holds, kept by the app shell rather than the dialog: closing
 * the dialog (Escape, a stray click) never throws away a preview the editor has corrected.
 */
export function useImportSession(onImported: () => void) {
  const [stage, setStage] = useState<ImportStage>('input');
  const [tab, setTab] = useState<InputTab>('paste');
  const [text, setText] = useState('');
  const [html, setHtml] = useState<string | null>(null);
  const [files, setFiles] = useState<File[]>([]);
  const [preview, dispatch] = useReducer(previewReducer, undefined, () => initialPreview());
  const [progress, setProgress] = useState<Progress | null>(null);
  const [fileErrors, setFileErrors] = useState<FileError[]>([]);
  const [fileNotes, setFileNotes] = useState<FileNotes[]>([]);
  const [reruns, setReruns] = useState<RerunQuestion[]>([]);
  const [unread, setUnread] = useState(0);
  const [saveError, setSaveError] = useState<unknown>(null);
  const [savedBeforeError, setSavedBeforeError] = useState(0);
  const [created, setCreated] = useState<{ id: string; headline: string }[]>([]);

  const queue = useRef<ReadItem[]>([]);
  const reading = useRef(false);
  const stopRequested = useRef(false);
  const readCount = useRef(0);
  const stageRef = useRef(stage);
  useEffect(() => {
    stageRef.current = stage;
  });
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const runQueue = useCallback(async () => {
    if (reading.current) return;
    reading.current = true;
    stopRequested.current = false;
    readCount.current = 0;
    setStage('reading');
    let attempted = 0;
    try {
      while (queue.current.length && !stopRequested.current && mounted.current) {
        const item = queue.current.shift()!;
        readCount.current++;
        attempted++;
        setProgress({ current: readCount.current, total: readCount.current + queue.current.length, name: item.name });
        try {
          const parsed = await api.parseImport({ name: item.name, data: await item.data() });
          if (parsed.importedBefore) {
            const { importedBefore, sha256, stories } = parsed;
            setReruns((list) => [...list, { name: item.name, source: item.source, sha256, stories, importedBefore }]);
          } else dispatch({ type: 'add', source: item.source, sha256: parsed.sha256, stories: parsed.stories });
          if (parsed.warnings.length) setFileNotes((n) => [...n, { name: item.name, warnings: parsed.warnings }]);
        } catch (error) {
          setFileErrors((list) => [...list, { name: item.name, error }]);
        }
      }
    } finally {
      const left = queue.current.length;
      queue.current = [];
      reading.current = false;
      if (mounted.current) {
        setUnread(left);
        setProgress(null);
        // Stopped before anything was read: back to where the editor was.
        setStage(attempted === 0 ? 'input' : 'preview');
      }
    }
  }, []);

  /** Reads items now (or after the ones being read), adding their stories to the preview. */
  const read = useCallback(
    (items: ReadItem[]) => {
      queue.current.push(...items);
      if (reading.current) {
        setProgress((p) => (p ? { ...p, total: p.total + items.length } : p));
        return;
      }
      void runQueue();
    },
    [runQueue],
  );

  /** Starts reading the files worth sending; the others are listed with the reason. */
  const readFiles = (list: readonly File[], before: ReadItem[] = []) => {
    const refused = list.flatMap((file) => {
      const reason = rejectReason(file);
      return reason ? [{ name: file.name, error: null, reason }] : [];
    });
    if (refused.length) setFileErrors((errors) => [...errors, ...refused]);
    const items = [...before, ...list.filter((f) => !rejectReason(f)).map(fileItem)];
    if (items.length) read(items);
    else if (refused.length && stageRef.current === 'input') setStage('preview');
  };

  /** Reads everything waiting in the input stage: the pasted text and the chosen files. */
  const readAll = () => {
    dispatch({ type: 'clear' });
    setFileErrors([]);
    setFileNotes([]);
    setReruns([]);
    setUnread(0);
    setSaveError(null);
    readFiles(files, text.trim() ? [pasteItem(text, html)] : []);
  };

  /**
   * Files from the menu or a drop. In the input stage they join the list to read; once a
   * preview is on screen they are read at once and their stories added to it.
   */
  const addFiles = (incoming: readonly File[]) => {
    if (!incoming.length) return;
    const fresh = incoming.filter((f) => !files.some((g) => sameFile(f, g)));
    setFiles((list) => [...list, ...fresh.filter((f) => !list.some((g) => sameFile(f, g)))]);
    const current = stageRef.current;
    if (current === 'done') {
      resetAll(fresh);
      return;
    }
    if (current === 'preview' || current === 'reading') readFiles(fresh);
    else setTab('files');
  };

  const removeFile = (file: File) => setFiles((list) => list.filter((f) => f !== file));

  const stop = () => {
    stopRequested.current = true;
  };

  /** Back to the input, text and files as they were; the preview is dropped. */
  const back = () => {
    dispatch({ type: 'clear' });
    setFileErrors([]);
    setFileNotes([]);
    setReruns([]);
    setUnread(0);
    setSaveError(null);
    setStage('input');
  };

  const resetAll = (keepFiles: File[] = []) => {
    dispatch({ type: 'clear' });
    setText('');
    setHtml(null);
    setFiles(keepFiles);
    setTab(keepFiles.length ? 'files' : 'paste');
    setFileErrors([]);
    setFileNotes([]);
    setReruns([]);
    setUnread(0);
    setSaveError(null);
    setSavedBeforeError(0);
    setCreated([]);
    setStage('input');
  };

  const included = preview.stories.filter((s) => s.include);
  const blocked = included.filter((s) => blocksCommit(storyIssues(s))).length;

  const commit = async () => {
    if (!included.length || blocked || reading.current) return;
    setStage('saving');
    setSaveError(null);
    const saved: { id: string; headline: string }[] = [];
    const batches: (typeof included)[] = [];
    let batch: typeof included = [];
    let size = 0;
    for (const story of included) {
      const chars = story.parts.reduce((n, p) => n + p.raw.length + p.text.length + (p.image?.length ?? 0), 0);
      if (batch.length && (batch.length >= BATCH_STORIES || size + chars > BATCH_CHARS)) {
        batches.push(batch);
        batch = [];
        size = 0;
      }
      batch.push(story);
      size += chars;
    }
    if (batch.length) batches.push(batch);
    setProgress({ current: 0, total: included.length, name: '' });
    try {
      for (const group of batches) {
        const result = await api.commitImport({ stories: group.map(toCommit) });
        saved.push(...result.created);
        dispatch({ type: 'remove', stories: group.map((s) => s.key) });
        setProgress({ current: saved.length, total: included.length, name: '' });
      }
      setCreated(saved);
      setStage('done');
    } catch (error) {
      // What was saved is saved and gone from the preview; the rest stays to try again.
      setSaveError(error);
      setSavedBeforeError(saved.length);
      setStage('preview');
    } finally {
      setProgress(null);
      if (saved.length) onImported();
    }
  };

  /** A paste keeps the clipboard's HTML for reading; typing afterwards falls back to the text. */
  const setPastedText = (value: string, pastedHtml: string | null | undefined) => {
    setText(value);
    if (pastedHtml !== undefined) setHtml(pastedHtml);
  };

  return {
    stage,
    tab,
    setTab,
    text,
    html,
    setPastedText,
    dropHtml: () => setHtml(null),
    files,
    addFiles,
    removeFile,
    preview,
    dispatch,
    progress,
    fileErrors,
    fileNotes,
    reruns,
    /** The editor's answer to "imported before: import again?" for one file. */
    answerRerun: (question: RerunQuestion, again: boolean) => {
      setReruns((list) => list.filter((q) => q !== question));
      if (again) dispatch({ type: 'add', source: question.source, sha256: question.sha256, stories: question.stories });
    },
    unread,
    readAll,
    stop,
    back,
    resetAll,
    included: included.length,
    blocked,
    commit,
    saveError,
    savedBeforeError,
    dismissSaveError: () => setSaveError(null),
    created,
  };
}

export type ImportSession = ReturnType<typeof useImportSession>;
