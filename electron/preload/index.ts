import { contextBridge, ipcRenderer } from 'electron';
import { type MastheadBridge, contract, methodNames } from '../../shared/ipc/contract';

// One function per contract method and nothing else: the page never sees ipcRenderer.
const bridge = Object.fromEntries(
  methodNames.map((method) => [method, (input?: unknown) => ipcRenderer.invoke(contract[method].channel, input)]),
) as MastheadBridge;

contextBridge.exposeInMainWorld('mastheadBridge', bridge satisfies MastheadBridge);
