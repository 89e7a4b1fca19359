import { useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { ModalDialog } from '../../ui/modal-dialog';
import type { CommandGroup, CommandRegistry } from './command-registry';
import { ShortcutKeys } from './shortcut-keys';

const GROUPS: readonly CommandGroup[] = ['app', 'library', 'story', 'tools'];

/** Every registered command that has a key, grouped; a story's own appear while a story is open. */
export function ShortcutsDialog({ registry, onClose }: { registry: CommandRegistry; onClose: () => void }) {
  const { t } = useTranslation();
  const commands = useSyncExternalStore(
    (listener) => registry.subscribe(listener),
    () => registry.list(),
  );
  const withKeys = commands.filter((c) => c.shortcuts?.length);
  return (
    <ModalDialog
      title={t('commands.shortcuts')}
      onClose={onClose}
      className="shortcuts-dialog"
      footer={
        <button type="button" className="button" onClick={onClose}>
          {t('commands.close')}
        </button>
      }
    >
      {GROUPS.map((group) => {
        const list = withKeys.filter((c) => c.group === group);
        if (!list.length) return null;
        return (
          <section key={group} className="shortcuts-dialog__group">
            <h3 className="shortcuts-dialog__heading">{t(`commands.groups.${group}`)}</h3>
            <dl className="shortcuts-dialog__list">
              {list.map((command) => (
                <div key={command.id} className="shortcuts-dialog__row">
                  <dt>{command.title(t)}</dt>
                  <dd>
                    <ShortcutKeys shortcuts={command.shortcuts ?? []} />
                  </dd>
                </div>
              ))}
            </dl>
          </section>
        );
      })}
      <p className="shortcuts-dialog__note">{t('commands.typingNote')}</p>
    </ModalDialog>
  );
}
