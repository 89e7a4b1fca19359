import { vi } from 'vitest';
import { type MastheadApi, type MethodName, MastheadError, contract } from '../../../shared/ipc/contract';

/**
 * A fake host API with every method of the contract, so a method added to the contract later
 * cannot break a renderer test with "api.x is not a function". The methods a test cares about
 * are passed in; every other one is a spy that fails the way a host does (a rejected
 * MastheadError naming the method), which the renderer must survive anyway.
 */
export function fakeApi(faked: Partial<MastheadApi>): MastheadApi {
  const api = {} as Record<MethodName, unknown>;
  for (const name of Object.keys(contract) as MethodName[]) {
    api[name] =
      faked[name] ?? vi.fn(() => Promise.reject(new MastheadError('unsupported', `${name} is not faked in this test`)));
  }
  return api as MastheadApi;
}
