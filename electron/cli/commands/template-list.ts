import { parseArgs } from 'node:util';
import { builtInTemplates } from '../../../shared/model/templates';
import { type Command, pad } from './common';

/** `masthead template list`: the page templates an edition can start on (`edition new --template`). */
export const templateListCommand: Command = {
  name: 'template list',
  usage: `  template list [--json]
                  list the page templates: id, paper, columns, characters per line`,
  run: async (args, io) => {
    const { values } = parseArgs({ args, options: { json: { type: 'boolean', default: false } }, strict: true });
    if (values.json) {
      io.out(JSON.stringify({ templates: builtInTemplates }, null, 2));
      return 0;
    }
    const header = `${pad('ID', 14)}  ${pad('PAPER MM', 9)}  ${pad('COLUMNS', 7)}  ${pad('CHARS', 5)}  NAME`;
    const rows = builtInTemplates.map(
      (t) =>
        `${pad(t.id, 14)}  ${pad(`${t.paper.widthMm}×${t.paper.heightMm}`, 9)}  ${pad(String(t.columns), 7)}  ${pad(String(t.charsPerLine), 5)}  ${t.name}`,
    );
    io.out([header, ...rows].join('\n'));
    return 0;
  },
};
