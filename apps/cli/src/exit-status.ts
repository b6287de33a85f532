/**
 * The exit status a command asks for without throwing (e.g. `run` with failed units: its files are
 * written, the status says something failed). `run()` takes it when the command returns.
 */
let requested = 0;

export function requestExitStatus(code: number): void {
  requested = Math.max(requested, code);
}

export function takeExitStatus(): number {
  const code = requested;
  requested = 0;
  return code;
}
