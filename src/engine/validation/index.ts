/**
 * Validation: does this PC now run Linux containers? The validate step collects raw outputs;
 * evaluateValidation turns them into the checks the validation panel shows. Pure: no I/O.
 */
export {
  evaluateValidation,
  MIN_WINDOWS_BUILD,
  MIN_WSL_VERSION,
  REQUIRED_FEATURES,
  type ValidationContext,
} from './checks';
export {
  COMMAND_KEYS,
  type CommandKey,
  type CommandOutput,
  CommandOutputSchema,
  type ParsedValidateFacts,
  readValidateFacts,
  type ValidateFacts,
  ValidateFactsSchema,
} from './facts';
export {
  type ComposeVersion,
  cleanOutput,
  compareVersions,
  type DockerInfo,
  type DockerVersion,
  parseComposeVersion,
  parseDockerInfo,
  parseDockerVersion,
  parseWslListVerbose,
  parseWslStatusDefaultVersion,
  parseWslVersion,
  type WslDistro,
  type WslVersionInfo,
} from './parsers';

/** Stable check ids, in the order evaluateValidation returns them. */
export const CHECK_IDS = [
  'windows-build',
  'features-active',
  'wsl-version',
  'wsl-default-version',
  'distro-wsl2',
  'distro-default-user',
  'docker-installed',
  'docker-engine',
  'docker-linux-engine',
  'docker-compose',
  'docker-run-linux',
  'docker-users',
  'firewall-rule',
] as const;
export type CheckId = (typeof CHECK_IDS)[number];
