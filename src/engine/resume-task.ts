/**
 * The resume scheduled task: starts the installed app with --resume at the interactive user's next
 * logon, elevated (RunLevel Highest). Because it runs elevated without a prompt, the program it
 * names must sit where only administrators can write; anything else is an elevation-of-privilege hole.
 */
export const RESUME_TASK_NAME = 'PupperwareSetupResume';

export interface ResumeTaskSpec {
  name: string;
  user: string;
  execute: string;
  arguments: string;
}

/** Folders a standard user can write to (or that a per-user install or a download lands in). */
const USER_WRITABLE = [
  /^[a-z]:\\users\\/i,
  /^[a-z]:\\programdata\\(?!microsoft\\windows\\start menu)/i,
  /\\appdata\\/i,
  /\\temp\\/i,
  /\\downloads\\/i,
  /^\\\\/, // network shares
];
/** Per-machine install locations: writable by administrators only. */
const ADMIN_ONLY = [/^[a-z]:\\program files\\/i, /^[a-z]:\\program files \(x86\)\\/i, /^[a-z]:\\windows\\/i];

/** Why a program may not be started by an elevated task, or null when it may. */
export function unsafeTaskTarget(executable: string): string | null {
  if (!/^[a-z]:\\/i.test(executable)) {
    return `${executable} is not a full Windows path.`;
  }
  if (executable.includes('..')) return `${executable} contains "..".`;
  if (USER_WRITABLE.some((re) => re.test(executable)) || !ADMIN_ONLY.some((re) => re.test(executable))) {
    return (
      `${executable} is in a folder that users other than administrators can write to. ` +
      'An elevated resume task must not start it: install Pupperware Setup for all users (Program Files), ' +
      'or start it again yourself after the restart.'
    );
  }
  return null;
}

/** Our resume task among those a (simulated) logon fired, if it is there and resumes. */
export function firedResumeTask<T extends { name: string; arguments: string }>(fired: T[]): T | undefined {
  return fired.find((t) => t.name === RESUME_TASK_NAME && /(^|\s)--resume(\s|$)/.test(t.arguments));
}

/** Where the per-machine installer puts the app (NSIS perMachine: true). */
export const INSTALLED_APP_PATH = 'C:\\Program Files\\Pupperware Setup\\Pupperware Setup.exe';
