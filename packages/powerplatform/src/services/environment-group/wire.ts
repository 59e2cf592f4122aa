/** Environment group wire type (reference §12.1). */
export interface WireEnvironmentGroup {
  id?: string;
  displayName?: string;
  description?: string;
  createdTime?: string;
  createdBy?: { id?: string; type?: string };
}
