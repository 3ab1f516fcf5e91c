/** Diagnostics: the bundle a user exports for a bug report. */
export {
  allocate,
  createDiagnosticsBundle,
  DEFAULT_MAX_BYTES,
  type DiagnosticsBundleOptions,
  type DiagnosticsBundleResult,
  JSON_MAX_BYTES,
  PER_FILE_MAX_BYTES,
} from './bundle';
export { REDACTION_MARK, Redactor, secretVariants } from './redact';
