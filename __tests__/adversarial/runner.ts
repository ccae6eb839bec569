// What the GitHub runner makes of a step's output: it splits on CR, LF and CRLF; a line whose
// text after leading whitespace starts with `::` is a command (`::name props::data`), and so is
// a legacy `##[name]data` anywhere in a line. `::stop-commands::T` ignores commands until `::T::`.
// Masks (`::add-mask::`) apply only while commands are processed. Not a test file.
export interface Command {
  name: string;
  props: string;
  data: string;
  line: string;
}

export interface Parsed {
  commands: Command[];
  legacy: string[];
  masks: string[];
  /** the text a person reads, masks applied, command lines of add-mask removed */
  visible: string;
}

export function parseRunnerOutput(output: string): Parsed {
  const commands: Command[] = [];
  const legacy: string[] = [];
  const masks: string[] = [];
  const shown: string[] = [];
  let stopToken: string | undefined;
  for (const line of output.split(/\r\n|\r|\n/)) {
    const text = line.replace(/^[\s\u0085]+/, '');
    if (stopToken !== undefined) {
      if (text === `::${stopToken}::`) stopToken = undefined;
      shown.push(line);
      continue;
    }
    const m = /^::([A-Za-z-]+)( [^:]*)?::(.*)$/.exec(text);
    if (m) {
      const command = { name: m[1].toLowerCase(), props: m[2] ?? '', data: m[3], line };
      commands.push(command);
      if (command.name === 'add-mask') masks.push(command.data);
      else if (command.name === 'stop-commands') stopToken = command.data;
      else shown.push(line);
      continue;
    }
    if (line.includes('##[')) legacy.push(line);
    shown.push(line);
  }
  let visible = shown.join('\n');
  for (const mask of masks.filter((s) => s.length > 0)) visible = visible.split(mask).join('***');
  return { commands, legacy, masks, visible };
}

/** The workflow commands the action itself issues. */
export const OWN_COMMANDS = new Set(['add-mask', 'group', 'endgroup', 'error', 'warning', 'notice', 'debug']);
