/**
 * A restore for the restore kill test: restores the backup argv[3] into the library argv[2]
 * through the real restoreBackup and kills itself with SIGKILL at swap step argv[4] (1 is
 * the first step after the backup is unpacked), as a power cut or a killed app would stop it.
 * Prints each step it reaches, and `restored` if it was not stopped.
 */
import { restoreBackup } from '../../electron/store/backup';

const [root, zip, stopAt] = process.argv.slice(2);
if (!root || !zip || !stopAt) throw new Error('usage: restore-kill-child <library> <backup.zip> <step>');
let step = 0;
await restoreBackup(root, zip, {
  appVersion: 'kill-test',
  onSwapStep: (name) => {
    process.stdout.write(`step ${++step} ${name}\n`);
    if (step === Number(stopAt)) process.kill(process.pid, 'SIGKILL');
  },
});
process.stdout.write('restored\n');
