/** Whether a command's first argument asks for its usage (`--help`, `-h` or `help`). */
export function isHelp(argument: string | undefined): boolean {
  return argument === '--help' || argument === '-h' || argument === 'help';
}
