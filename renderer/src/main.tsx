// First: the requests the first screen waits for go out before the rest of the bundle runs.
import { firstScreenSettled } from './first-requests';
import '../../resources/fonts/rare-han/rare-han.css';
import './styles.css';
import './i18n';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { CommandProvider } from './features/commands/command-context';

const root = document.getElementById('root');
if (!root) throw new Error('renderer/index.html has no #root element');

/** How long the first render waits for the first screen's data before it shows the shell. */
const FIRST_SCREEN_WAIT_MS = 300;

void firstScreenSettled(FIRST_SCREEN_WAIT_MS).then(() =>
  createRoot(root).render(
    <StrictMode>
      <CommandProvider>
        <App />
      </CommandProvider>
    </StrictMode>,
  ),
);
