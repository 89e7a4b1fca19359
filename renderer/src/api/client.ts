// The channel list, not the contract: its zod schemas are the host's to parse with.
import {
  type MastheadApi,
  type MastheadBridge,
  MastheadError,
  channels,
  createApi,
} from '../../../shared/ipc/channels';

declare global {
  interface Window {
    /** Exposed by the Electron preload; absent in the web host. */
    mastheadBridge?: MastheadBridge;
  }
}

const TOKEN_KEY = 'masthead.webToken';

/**
 * The web host hands its per-run token in the URL it prints; keep it for this tab and
 * take it out of the address bar so it is not bookmarked or shared by accident.
 */
function takeWebToken(): string {
  const fromUrl = new URL(window.location.href).searchParams.get('token');
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    // Once the first screen is up (a history entry's rewrite holds the start by milliseconds),
    // from the address as it is then: the route may have moved on meanwhile.
    const dropFromAddress = () => {
      const url = new URL(window.location.href);
      url.searchParams.delete('token');
      window.history.replaceState(window.history.state, '', url.toString());
    };
    if (typeof requestIdleCallback === 'function') requestIdleCallback(dropFromAddress, { timeout: 1000 });
    else setTimeout(dropFromAddress, 0);
    return fromUrl;
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

function createWebApi(): MastheadApi {
  const token = takeWebToken();
  return createApi(async (method, input) => {
    let response: Response;
    try {
      response = await fetch(`/api/${channels[method]}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-masthead-token': token },
        body: JSON.stringify({ input }),
      });
    } catch {
      throw new MastheadError('io', 'The Masthead web host does not answer. Is `npm run web` still running?');
    }
    try {
      return await response.json();
    } catch {
      throw new MastheadError('internal', `The web host answered ${response.status} without a reply body.`);
    }
  });
}

/** The one API object the renderer uses: the preload's in Electron, HTTP in the web host. */
const bridge = window.mastheadBridge;
export const api: MastheadApi = bridge
  ? createApi((method, input) => (bridge[method] as (input: unknown) => Promise<unknown>)(input))
  : createWebApi();
