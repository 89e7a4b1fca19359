import type { Editor } from '@tiptap/core';
import { type RefObject, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StatusChange, StoryLanguage, StoryStatus } from '../../../../shared/model';
import { useCommands } from '../commands/command-context';
import type { Command } from '../commands/command-registry';
import { type WorkflowStep, nextSteps } from '../../../../shared/model/workflow';
import { ConvertDialog } from './convert-dialog';
import type { ScriptTarget } from './convert-script';
import { FindBar } from './find-bar';
import { ensureFindPlugin } from './find-replace';
import type { HeadlineFields, TextField } from './headline-fields';
import { NormaliseDialog } from './normalise-dialog';
import './tools.css';

export interface StoryToolsProps {
  /** The story body's TipTap editor, set by the body editor once it exists. */
  editorRef: RefObject<Editor | null>;
  language: StoryLanguage;
  /** The story view's current field values; with setField, the headline group is normalised and converted too. */
  readFields?: () => Record<TextField, string>;
  setField?: (field: TextField, value: string) => void;
  /** The story view's save, for the palette (Ctrl/⌘+S stays the story view's own key). */
  save?: () => void;
  /** Opens the dialog that keeps the story as a named version (Ctrl/⌘+Shift+S). */
  nameVersion?: () => void;
  /** The story view's history and trash, offered in the palette too. */
  openHistory?: () => void;
  trash?: () => void;
  /** The desk workflow, for Ctrl/⌘+Alt+1…4 and the palette: only the moves it allows are offered. */
  workflow?: {
    status: StoryStatus;
    history: readonly StatusChange[];
    move: (step: WorkflowStep) => void;
  };
}

const EMPTY_FIELDS: Record<TextField, string> = {
  kicker: '',
  headline: '',
  subheadline: '',
  byline: '',
  dateline: '',
  notes: '',
};

type Dialog = { kind: 'normalise' } | { kind: 'convert'; target: ScriptTarget } | null;
interface Find {
  replace: boolean;
  token: number;
  initialQuery: string;
}

const STATUS_KEYS: readonly [StoryStatus, string | null][] = [
  ['draft', 'Mod-Alt-1'],
  ['submitted', 'Mod-Alt-2'],
  ['edited', 'Mod-Alt-3'],
  ['approved', 'Mod-Alt-4'],
  ['spiked', null],
];

/** A short selection (one line) is what the editor wants to find. */
function selectedText(editor: Editor): string {
  const { from, to, empty } = editor.state.selection;
  if (empty) return '';
  const text = editor.state.doc.textBetween(from, to, '\n');
  return text.length <= 100 && !text.includes('\n') ? text : '';
}

/**
 * The copy-editing tools of a story: find and replace, normalise punctuation and
 * simplified ↔ traditional conversion, as toolbar buttons and as commands with keys.
 */
export function StoryTools({
  editorRef,
  language,
  readFields,
  setField,
  save,
  nameVersion,
  openHistory,
  trash,
  workflow,
}: StoryToolsProps) {
  const { t } = useTranslation();
  const [find, setFind] = useState<Find | null>(null);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [editor, setEditor] = useState<Editor | null>(null);

  // One stable object, so a dialog's effects do not rerun when the story view re-renders.
  const fieldsRef = useRef({ readFields, setField });
  useEffect(() => {
    fieldsRef.current = { readFields, setField };
  });
  const hasFields = readFields !== undefined && setField !== undefined;
  const headlines = useMemo<HeadlineFields | null>(
    () =>
      hasFields
        ? {
            read: () => fieldsRef.current.readFields?.() ?? EMPTY_FIELDS,
            set: (field, value) => fieldsRef.current.setField?.(field, value),
          }
        : null,
    [hasFields],
  );

  /** The live editor, with the find plugin in it; null until the body editor exists. */
  const liveEditor = (): Editor | null => {
    const current = editorRef.current;
    if (!current || current.isDestroyed) return null;
    ensureFindPlugin(current);
    if (current !== editor) setEditor(current);
    return current;
  };

  const openFind = (replace: boolean) => {
    const current = liveEditor();
    if (!current) return;
    setFind((open) => ({
      replace: replace || (open?.replace ?? false),
      token: (open?.token ?? 0) + 1,
      initialQuery: open?.initialQuery ?? selectedText(current),
    }));
  };
  const openDialog = (next: NonNullable<Dialog>) => {
    if (liveEditor()) setDialog(next);
  };

  const chinese = language === 'zh-Hans';

  const commands: Command[] = [
    {
      id: 'tools.find',
      group: 'tools',
      title: (tr) => tr('tools.find'),
      // Anywhere in the story view, not only in the body: the body is the one thing to search here.
      shortcuts: ['Mod-f'],
      run: () => openFind(false),
    },
    {
      id: 'tools.replace',
      group: 'tools',
      title: (tr) => tr('tools.findReplace'),
      shortcuts: ['Mod-h', 'Mod-Alt-f'],
      run: () => openFind(true),
    },
    {
      id: 'tools.normalise',
      group: 'tools',
      title: (tr) => tr('tools.normalise'),
      shortcuts: ['Mod-Alt-p'],
      run: () => openDialog({ kind: 'normalise' }),
    },
    ...(chinese
      ? [
          {
            id: 'tools.toTraditional',
            group: 'tools',
            title: (tr) => tr('tools.toTraditional'),
            run: () => openDialog({ kind: 'convert', target: 'tw' }),
          } satisfies Command,
          {
            id: 'tools.toSimplified',
            group: 'tools',
            title: (tr) => tr('tools.toSimplified'),
            run: () => openDialog({ kind: 'convert', target: 'cn' }),
          } satisfies Command,
        ]
      : []),
    {
      id: 'story.crossHead',
      group: 'story',
      title: (tr) => tr('story.crossHead'),
      shortcuts: ['Mod-Alt-h'],
      // TipTap's keymap has this key; the palette runs the same command.
      keysHandledElsewhere: true,
      run: () => {
        liveEditor()?.chain().focus().toggleCrossHead().run();
      },
    },
    ...(save
      ? [
          {
            id: 'story.save',
            group: 'story',
            title: (tr) => tr('story.save'),
            shortcuts: ['Mod-s'],
            keysHandledElsewhere: true,
            run: () => save(),
          } satisfies Command,
        ]
      : []),
    {
      id: 'story.quote',
      group: 'story',
      title: (tr) => tr('story.quote'),
      run: () => {
        liveEditor()?.chain().focus().toggleBlockquote().run();
      },
    },
    {
      id: 'story.pullQuote',
      group: 'story',
      title: (tr) => tr('story.pullQuote'),
      run: () => {
        liveEditor()?.chain().focus().togglePullQuote().run();
      },
    },
    {
      id: 'story.editorsNote',
      group: 'story',
      title: (tr) => tr('story.editorsNote'),
      run: () => {
        liveEditor()?.chain().focus().toggleEditorsNote().run();
      },
    },
    ...(openHistory
      ? [{ id: 'story.history', group: 'story', title: (tr) => tr('history.open'), run: openHistory } satisfies Command]
      : []),
    ...(trash
      ? [{ id: 'story.trash', group: 'story', title: (tr) => tr('story.trash'), run: trash } satisfies Command]
      : []),
    ...(nameVersion
      ? [
          {
            id: 'story.nameVersion',
            group: 'story',
            title: (tr) => tr('history.nameVersionTitle'),
            shortcuts: ['Mod-Shift-s'],
            keysHandledElsewhere: true,
            run: () => nameVersion(),
          } satisfies Command,
        ]
      : []),
    ...(workflow
      ? STATUS_KEYS.map(([status, key]): Command => {
          const step = () => nextSteps(workflow.status, workflow.history).find((s) => s.to === status);
          return {
            id: `story.status.${status}`,
            group: 'story',
            title: (tr) => tr('commands.setStatus', { status: tr(`status.${status}`) }),
            // The workflow's own words: 交稿 or "submit" finds "Set status: Submitted".
            keywords: (tr) => {
              const action = step()?.action;
              return action ? tr(`workflow.${action}`) : '';
            },
            shortcuts: key ? [key] : undefined,
            when: () => step() !== undefined,
            run: () => {
              const next = step();
              if (next) workflow.move(next);
            },
          };
        })
      : []),
  ];
  useCommands(commands);

  return (
    <>
      <div className="story-tools" role="group" aria-label={t('tools.label')}>
        <button type="button" className="button button--quiet" onClick={() => openFind(false)}>
          {t('tools.findReplace')}
        </button>
        <button type="button" className="button button--quiet" onClick={() => openDialog({ kind: 'normalise' })}>
          {t('tools.normalise')}
        </button>
        {chinese && (
          <button
            type="button"
            className="button button--quiet"
            onClick={() => openDialog({ kind: 'convert', target: 'tw' })}
          >
            {t('tools.convert')}
          </button>
        )}
      </div>
      {find && editor && (
        <FindBar
          editor={editor}
          fields={headlines}
          replace={find.replace}
          focusToken={find.token}
          initialQuery={find.initialQuery}
          onToggleReplace={() => setFind((open) => open && { ...open, replace: !open.replace })}
          onClose={() => setFind(null)}
        />
      )}
      {dialog?.kind === 'normalise' && editor && (
        <NormaliseDialog editor={editor} language={language} headlines={headlines} onClose={() => setDialog(null)} />
      )}
      {dialog?.kind === 'convert' && editor && (
        <ConvertDialog
          editor={editor}
          headlines={headlines}
          initialTarget={dialog.target}
          onClose={() => setDialog(null)}
        />
      )}
    </>
  );
}
