import { useEffect, useState } from 'react';
import { api } from '../api/client';

let cached: Promise<string> | null = null;

/** Where photos are served from (a custom scheme in Electron, /assets/ in the web host); asked once. */
function assetBaseUrl(): Promise<string> {
  cached ??= api.getAppInfo().then(
    (info) => info.assetBaseUrl,
    (error: unknown) => {
      cached = null;
      throw error;
    },
  );
  return cached;
}

/** The base URL, or null until it is known (or if the host cannot say). */
export function useAssetBaseUrl(): string | null {
  const [base, setBase] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    assetBaseUrl().then(
      (url) => {
        if (live) setBase(url);
      },
      () => {},
    );
    return () => {
      live = false;
    };
  }, []);
  return base;
}
