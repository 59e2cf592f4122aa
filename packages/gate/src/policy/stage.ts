import { STAGES, type StageName } from "@govai/spec";

/** The stack tag that names a stack's stage (`pulumi stack tag set govai:stage prod`). */
export const STAGE_TAG = "govai:stage";

/** Where the policy pack found the stage of the stack being previewed. */
export type StageSource = "config" | "stackTag" | "stackName" | "default";

const isStage = (s: unknown): s is StageName => typeof s === "string" && (STAGES as readonly string[]).includes(s);

/** The stack name inside a URN: `urn:pulumi:<stack>::<project>::<type>::<name>`. */
export function stackFromUrn(urn: string): string | undefined {
  const m = /^urn:pulumi:([^:]+)::/.exec(urn);
  return m?.[1];
}

/** A stage from a stack name that is, or ends in, `dev`, `test` or `prod` after `-`, `_` or `.` (`claims-prod`). */
export function stageFromStackName(stack: string): StageName | undefined {
  const m = /(?:^|[-_.])(dev|test|prod)$/i.exec(stack);
  const s = m?.[1]?.toLowerCase();
  return isStage(s) ? s : undefined;
}

/**
 * The stage of the stack under preview, from (first match wins) the policy config `stage`, the stack tag
 * `govai:stage`, or the stack name in the URN. When none says, the stack is treated as prod: the pack fails closed.
 *
 * @throws Error when the config or the tag names something that is not a stage (a typo must not weaken the pack).
 */
export function detectStage(input: {
  configured: string | undefined;
  stackTags: ReadonlyMap<string, string>;
  urn: string;
}): { stage: StageName; source: StageSource } {
  if (input.configured !== undefined) {
    if (!isStage(input.configured)) {
      throw new Error(`Policy config stage "${input.configured}" is not one of ${STAGES.join(", ")}.`);
    }
    return { stage: input.configured, source: "config" };
  }
  const tag = input.stackTags.get(STAGE_TAG);
  if (tag !== undefined) {
    if (!isStage(tag)) throw new Error(`Stack tag ${STAGE_TAG}="${tag}" is not one of ${STAGES.join(", ")}.`);
    return { stage: tag, source: "stackTag" };
  }
  const fromName = stageFromStackName(stackFromUrn(input.urn) ?? "");
  return fromName ? { stage: fromName, source: "stackName" } : { stage: "prod", source: "default" };
}
