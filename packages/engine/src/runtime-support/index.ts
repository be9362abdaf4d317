export {
  DurationError,
  parseDuration,
  durationToMs,
  addDuration,
  formatDuration,
  formatMs,
  isCalendarDuration,
  type IsoDuration,
} from './iso-duration.ts';
export {
  RetryPolicyError,
  retryDecision,
  resolveRetryPolicy,
  validateRetryPolicy,
  isRetryableOutcome,
  DEFAULT_RETRY_POLICY,
  RETRY_LIMITS,
  type RetryDecision,
  type AttemptOutcome,
  type RetryPolicyProblem,
  type ResolvedRetryPolicy,
} from './retry-policy.ts';
export {
  PredicateError,
  evaluatePredicate,
  validatePredicate,
  compareValues,
  COMPARISON_OPERATORS,
  type ComparisonOperator,
  type PredicateProblem,
} from './predicate.ts';
export {
  RecurrenceError,
  nextOccurrence,
  validateRecurrence,
  type Recurrence,
  type RecurrenceFrequency,
  type RecurrenceSchedule,
  type RecurrenceOptions,
  type WeekDay,
} from './recurrence.ts';
