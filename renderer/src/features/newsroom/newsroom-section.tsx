import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { errorCode } from '../../ui/describe-error';
import { ErrorNotice } from '../../ui/error-notice';
import { refreshNewsroomStatus, useNewsroomStatus } from './newsroom-store';
import './newsroom.css';

/** Server addresses as typed: one or more, separated by commas, spaces or lines. */
const splitServers = (text: string): string[] =>
  text
    .split(/[\s,，]+/u)
    .map((s) => s.trim())
    .filter(Boolean);

/**
 * Settings → Newsroom: the server address(es), the name and the password this machine signs
 * in with; connect and disconnect; sync now. The password is sent once and never kept; the
 * session the server gives is kept by the host outside the library.
 */
export function NewsroomSection() {
  const { t } = useTranslation();
  const status = useNewsroomStatus();
  const titleId = useId();
  const serversId = useId();
  const serversHintId = useId();
  const userId = useId();
  const passwordId = useId();
  const keepSectionsId = useId();
  const keepSectionsHintId = useId();
  const keepDaysId = useId();
  const [keepSections, setKeepSections] = useState<string | null>(null);
  const [keepDays, setKeepDays] = useState<string | null>(null);
  const [servers, setServers] = useState<string | null>(null);
  const [user, setUser] = useState<string | null>(null);
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  // What the last action did, said in the interface language of the moment.
  const [synced, setSynced] = useState<{ kind: 'synced'; count: number } | { kind: 'kept' } | null>(null);

  const serversText = servers ?? status?.servers.join(', ') ?? '';
  const userText = user ?? status?.user ?? '';
  const connected = status !== null && status.state !== 'off' && status.state !== 'signed-out';

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    setSynced(null);
    try {
      await work();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  const connect = () =>
    run(async () => {
      const next = await api.newsroomConnect({
        servers: splitServers(serversText),
        user: userText.trim(),
        password,
      });
      setPassword('');
      refreshNewsroomStatus(next);
    });

  const disconnect = () =>
    run(async () => {
      refreshNewsroomStatus(await api.newsroomDisconnect());
    });

  const syncNow = () =>
    run(async () => {
      const result = await api.newsroomSync();
      setSynced({ kind: 'synced', count: result.stories });
      refreshNewsroomStatus();
    });

  const keepSectionsText = keepSections ?? status?.keepSections.join(', ') ?? '';
  const keepDaysText = keepDays ?? String(status?.keepDays ?? 14);
  const keepDaysNumber = Number(keepDaysText);
  const keepDaysValid = Number.isInteger(keepDaysNumber) && keepDaysNumber >= 0 && keepDaysNumber <= 365;

  const saveKeep = () =>
    run(async () => {
      const next = await api.newsroomSetKeep({
        keepSections: splitServers(keepSectionsText),
        keepDays: keepDaysNumber,
      });
      setKeepSections(null);
      setKeepDays(null);
      setSynced({ kind: 'kept' });
      refreshNewsroomStatus(next);
    });

  const code = errorCode(error);
  const summary =
    code === 'forbidden'
      ? t('newsroom.errors.wrongPassword')
      : code === 'io'
        ? t('newsroom.errors.unreachable')
        : code === 'invalid-input'
          ? t('newsroom.errors.invalid')
          : undefined;

  return (
    <section className="newsroom-section" aria-labelledby={titleId}>
      <h3 id={titleId} className="newsroom-section__title">
        {t('newsroom.title')}
      </h3>
      <p className="field__hint">{t('newsroom.hint')}</p>
      {status && status.state !== 'off' && (
        <p className="newsroom-section__state" role="status">
          {t(`newsroom.state.${status.state}`)}
          {status.user ? ` · ${t('newsroom.signedInAs', { user: status.user })}` : ''}
          {status.serverStoryCount !== null
            ? ` · ${t('newsroom.serverCount', { count: status.serverStoryCount })}`
            : ''}
          {status.changesWaiting > 0 ? ` · ${t('newsroom.waiting', { count: status.changesWaiting })}` : ''}
          {status.changesRefused > 0 ? ` · ${t('newsroom.refused', { count: status.changesRefused })}` : ''}
        </p>
      )}
      {status?.error && <p className="field__hint">{status.error}</p>}
      {error !== null && <ErrorNotice error={error} summary={summary} onDismiss={() => setError(null)} />}
      {synced && (
        <p className="field__hint" role="status">
          {synced.kind === 'synced' ? t('newsroom.synced', { count: synced.count }) : t('newsroom.keepSaved')}
        </p>
      )}
      <div className="field">
        <label className="field__label" htmlFor={serversId}>
          {t('newsroom.servers')}
        </label>
        <input
          id={serversId}
          className="field__input"
          type="text"
          inputMode="url"
          value={serversText}
          placeholder="http://newsroom.example:7437"
          aria-describedby={serversHintId}
          disabled={busy}
          onChange={(e) => setServers(e.target.value)}
        />
        <p id={serversHintId} className="field__hint">
          {t('newsroom.serversHint')}
        </p>
      </div>
      <div className="field">
        <label className="field__label" htmlFor={userId}>
          {t('newsroom.user')}
        </label>
        <input
          id={userId}
          className="field__input"
          type="text"
          autoComplete="username"
          value={userText}
          maxLength={120}
          disabled={busy}
          onChange={(e) => setUser(e.target.value)}
        />
      </div>
      <div className="field">
        <label className="field__label" htmlFor={passwordId}>
          {t('newsroom.password')}
        </label>
        <input
          id={passwordId}
          className="field__input"
          type="password"
          autoComplete="current-password"
          value={password}
          disabled={busy}
          onChange={(e) => setPassword(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && password) void connect();
          }}
        />
      </div>
      <div className="newsroom-section__actions">
        <button
          type="button"
          className="button button--primary"
          disabled={busy || !password || !userText.trim() || splitServers(serversText).length === 0}
          onClick={() => void connect()}
        >
          {connected ? t('newsroom.reconnect') : t('newsroom.connect')}
        </button>
        {connected && (
          <>
            <button type="button" className="button" disabled={busy} onClick={() => void syncNow()}>
              {t('newsroom.syncNow')}
            </button>
            <button type="button" className="button button--quiet" disabled={busy} onClick={() => void disconnect()}>
              {t('newsroom.disconnect')}
            </button>
          </>
        )}
      </div>
      {connected && (
        <div className="newsroom-section__keep">
          <div className="field">
            <label className="field__label" htmlFor={keepSectionsId}>
              {t('newsroom.keepSections')}
            </label>
            <input
              id={keepSectionsId}
              className="field__input"
              type="text"
              value={keepSectionsText}
              aria-describedby={keepSectionsHintId}
              disabled={busy}
              onChange={(e) => setKeepSections(e.target.value)}
            />
            <p id={keepSectionsHintId} className="field__hint">
              {t('newsroom.keepSectionsHint')}
            </p>
          </div>
          <div className="field">
            <label className="field__label" htmlFor={keepDaysId}>
              {t('newsroom.keepDays')}
            </label>
            <input
              id={keepDaysId}
              className="field__input newsroom-section__days"
              type="number"
              min={0}
              max={365}
              value={keepDaysText}
              disabled={busy}
              onChange={(e) => setKeepDays(e.target.value)}
            />
          </div>
          <button
            type="button"
            className="button"
            disabled={busy || !keepDaysValid || (keepSections === null && keepDays === null)}
            onClick={() => void saveKeep()}
          >
            {t('newsroom.saveKeep')}
          </button>
        </div>
      )}
    </section>
  );
}
