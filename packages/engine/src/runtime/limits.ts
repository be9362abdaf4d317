/** Limits of a run, as Logic Apps documents them; each can be changed per runtime. */
export interface RunLimits {
  foreachConcurrencyDefault: number;
  foreachConcurrencyMax: number;
  foreachItemsMax: number;
  untilCountDefault: number;
  untilCountMax: number;
  untilTimeoutDefault: string;
  /** Timeout of one outbound HTTP request (Logic Apps: 120 s for the synchronous pattern). */
  httpTimeoutMs: number;
  /** Nesting depth of child workflows started by Workflow actions. */
  childWorkflowDepthMax: number;
}

export const DEFAULT_LIMITS: RunLimits = {
  foreachConcurrencyDefault: 20,
  foreachConcurrencyMax: 50,
  foreachItemsMax: 100_000,
  untilCountDefault: 60,
  untilCountMax: 5_000,
  untilTimeoutDefault: 'PT1H',
  httpTimeoutMs: 120_000,
  childWorkflowDepthMax: 8,
};
