/** Environment group wire type (reference §12.1). */
export interface WireEnvironmentGroup {
  id?: string;
  displayName?: string;
  description?: string;
  createdTime?: string;
  createdBy?: { id?: string; type?: string };
}

/** One rule of a legacy rule set (reference §12.2): a rule type and its `id`/`value` string pairs. */
export interface WireRuleParameter {
  type: string;
  resourceType: string;
  value: Array<{ id: string; value: string }>;
  hasStagedChanges?: boolean;
}

/** A legacy environment-group rule set (reference §12.2). */
export interface WireRuleSet {
  id?: string;
  lastModified?: string;
  environmentFilter?: { type?: string; values?: Array<{ id?: string; type?: string }> };
  parameters?: WireRuleParameter[];
}
