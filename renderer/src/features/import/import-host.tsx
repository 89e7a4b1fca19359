import { Suspense, lazy, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCommand } from '../commands/command-context';
import { useImportSession } from './use-import-session';
import './import.css';

// The dialog loads when it first opens: the window's first screen does not parse it.
const ImportDialog = lazy(() => import('./import-dialog').then((m) => ({ default: m.ImportDialog })));

interface ImportHostProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** Stories were saved: the library must reload. */
  onImported: () => void;
  onOpenLibrary: () => void;
}

const draggedFiles = (event: DragEvent): DataTransferItem[] | null => {
  const transfer = event.dataTransfer;
  if (!transfer || !Array.from(transfer.types).includes('Files')) return null;
  return Array.from(transfer.items).filter((item) => item.kind === 'file');
};

/** Images dropped next to the story editor are a missed photo drop, not an import. */
const onlyImages = (types: readonly string[]): boolean =>
  types.length > 0 && types.every((t) => t.startsWith('image/'));

/**
 * Owns the import session for the whole window: files dropped anywhere open the import
 * with them, and the session outlives the dialog, so closing it loses nothing.
 */
export function ImportHost({ open, onOpenChange, onImported, onOpenLibrary }: ImportHostProps) {
  const { t } = useTranslation();
  const session = useImportSession(onImported);
  const [dragging, setDragging] = useState(false);
  const latest = useRef({ session, onOpenChange });
  useEffect(() => {
    latest.current = { session, onOpenChange };
  });

  useCommand({ id: 'app.import', group: 'app', title: (tr) => tr('import.command'), run: () => onOpenChange(true) });

  useEffect(() => {
    let depth = 0;
    const onDragEnter = (event: DragEvent) => {
      const items = draggedFiles(event);
      if (!items) return;
      depth++;
      if (!onlyImages(items.map((i) => i.type))) setDragging(true);
    };
    const onDragLeave = (event: DragEvent) => {
      if (!draggedFiles(event)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const onDragOver = (event: DragEvent) => {
      const items = draggedFiles(event);
      if (!items) return;
      // Over the story editor a drop inserts photos there: say nothing about importing.
      const overEditor = event.target instanceof Element && event.target.closest('[contenteditable="true"]') !== null;
      setDragging(!overEditor && !onlyImages(items.map((i) => i.type)));
      // Someone nearer the drop (the editor taking a photo) has claimed it.
      if (event.defaultPrevented) return;
      event.preventDefault();
      event.dataTransfer!.dropEffect = 'copy';
    };
    const onDrop = (event: DragEvent) => {
      depth = 0;
      setDragging(false);
      if (!draggedFiles(event) || event.defaultPrevented) return;
      // Never let the browser open a dropped file in place of the app.
      event.preventDefault();
      const files = Array.from(event.dataTransfer!.files);
      if (!files.length || onlyImages(files.map((f) => f.type))) return;
      latest.current.session.addFiles(files);
      latest.current.onOpenChange(true);
    };
    window.addEventListener('dragenter', onDragEnter);
    window.addEventListener('dragleave', onDragLeave);
    window.addEventListener('dragover', onDragOver);
    window.addEventListener('drop', onDrop);
    return () => {
      window.removeEventListener('dragenter', onDragEnter);
      window.removeEventListener('dragleave', onDragLeave);
      window.removeEventListener('dragover', onDragOver);
      window.removeEventListener('drop', onDrop);
    };
  }, []);

  const close = () => {
    onOpenChange(false);
    // A finished import is not worth coming back to; a preview in progress is.
    if (session.stage === 'done') session.resetAll();
  };

  return (
    <>
      {dragging && !open && (
        <div className="import-drop-overlay" aria-hidden="true">
          <p>{t('import.dropHere')}</p>
        </div>
      )}
      {open && (
        <Suspense fallback={null}>
          <ImportDialog
            session={session}
            onClose={close}
            onOpenLibrary={() => {
              close();
              onOpenLibrary();
            }}
          />
        </Suspense>
      )}
    </>
  );
}
