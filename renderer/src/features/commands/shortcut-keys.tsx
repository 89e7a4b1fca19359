import { useTranslation } from 'react-i18next';
import { formatShortcut } from './shortcut';

/** A command's shortcuts as keycaps: "Ctrl+Shift+P or F1". */
export function ShortcutKeys({ shortcuts }: { shortcuts: readonly string[] }) {
  const { t } = useTranslation();
  return (
    <span className="shortcut-keys">
      {shortcuts.map((shortcut, i) => (
        <span key={shortcut}>
          {i > 0 && <span className="shortcut-keys__or"> {t('commands.or')} </span>}
          <kbd className="shortcut-keys__key">{formatShortcut(shortcut)}</kbd>
        </span>
      ))}
    </span>
  );
}
