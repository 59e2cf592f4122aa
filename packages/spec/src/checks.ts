/**
 * Cross-field rules of a spec that the shape alone cannot express. They run on a spec that passed the schema and
 * report issues by field path; the loader adds positions.
 */
import { bareConnectorId, COPILOT_CONNECTORS } from "./copilot-connectors.ts";
import type { PathIssue } from "./issues.ts";
import { describeFound } from "./issues.ts";
import { SIGN_OFF_ROLES, STAGES, type StageName } from "./model.ts";
import { defaultDomain } from "./names.ts";
import { isZeroGuid } from "./placeholders.ts";
import type { StageSpec, WorkloadSpec } from "./schema.ts";
import { nearest } from "./suggest.ts";
import { DATA_RESIDENCY_TAG, MAX_USER_TAGS, STANDARD_TAG_KEYS } from "./tags.ts";

/** Every cross-field problem of `spec`, in document order of the rules below. */
export function checkSpec(spec: WorkloadSpec): PathIssue[] {
  const issues: PathIssue[] = [];
  checkTags(spec, issues);
  checkSignOffRevisions(spec, issues);
  checkReferences(spec, issues);
  checkCapabilityConnectors(spec, issues);
  checkAgentAuth(spec, issues);
  checkStagesPresent(spec, issues);
  for (const stage of STAGES) {
    const block = spec.stages[stage];
    if (block) checkStage(stage, block, issues);
  }
  checkDomains(spec, issues);
  return issues;
}

function checkTags(spec: WorkloadSpec, issues: PathIssue[]): void {
  const keys = Object.keys(spec.metadata.tags ?? {});
  if (keys.length > MAX_USER_TAGS) {
    issues.push({
      path: ["metadata", "tags"],
      message: `expected at most ${MAX_USER_TAGS} tags (Azure allows 50 per resource and govai sets ${STANDARD_TAG_KEYS.length}), found ${keys.length}`,
      found: String(keys.length),
      expected: `at most ${MAX_USER_TAGS} tags`,
    });
  }
  const seen = new Map<string, string>();
  for (const key of keys) {
    // Azure tag names are case-insensitive: "Owner" and "owner" are the same tag.
    const other = seen.get(key.toLowerCase());
    if (other !== undefined) {
      issues.push({
        path: ["metadata", "tags", key],
        message: `tag "${key}" is the same Azure tag as "${other}" (tag names are case-insensitive)`,
        found: JSON.stringify(key),
        atKey: true,
      });
    }
    seen.set(key.toLowerCase(), key);
    // "dataResidency", "Data_Residency", "data residency": any spelling of the residency tag, not only govai's own.
    if (key.toLowerCase().replace(/[^a-z0-9]/g, "") === DATA_RESIDENCY_TAG.replace(/-/g, "")) {
      // A residency written as a tag was never enforced; the field is what the gate and the tag both read.
      issues.push({
        path: ["metadata", "tags", key],
        message: `tag "${key}" is set by govai from metadata.dataResidency; declare the residency there (${JSON.stringify(spec.metadata.tags?.[key])}) so the gate can hold every stage to it`,
        found: JSON.stringify(key),
        atKey: true,
      });
    } else if ((STANDARD_TAG_KEYS as readonly string[]).includes(key.toLowerCase())) {
      issues.push({
        path: ["metadata", "tags", key],
        message: `tag "${key}" is set by govai on every resource and cannot be replaced; choose another name`,
        found: JSON.stringify(key),
        atKey: true,
      });
    }
  }
}

function checkSignOffRevisions(spec: WorkloadSpec, issues: PathIssue[]): void {
  for (const role of SIGN_OFF_ROLES) {
    const s = spec.readiness?.signOffs?.[role];
    if (s && s.problemRevision > spec.problem.revision) {
      issues.push({
        path: ["readiness", "signOffs", role, "problemRevision"],
        message: `expected a revision ≤ ${spec.problem.revision} (the problem's current revision), found ${s.problemRevision}`,
        found: String(s.problemRevision),
        expected: `a revision ≤ ${spec.problem.revision}`,
      });
    }
  }
}

function checkReferences(spec: WorkloadSpec, issues: PathIssue[]): void {
  const known = Object.keys(spec.dataSources ?? {});
  const check = (ref: string | undefined, path: (string | number)[]) => {
    if (ref === undefined || known.includes(ref)) return;
    const suggestion = nearest(ref, known);
    issues.push({
      path,
      message:
        `unknown data source ${JSON.stringify(ref)}` +
        (suggestion
          ? `; did you mean ${JSON.stringify(suggestion)}?`
          : known.length > 0
            ? `; known: ${known.join(", ")}`
            : "; dataSources is empty"),
      found: JSON.stringify(ref),
      expected: "a key of dataSources",
      ...(suggestion ? { suggestion } : {}),
    });
  };
  for (const [k, ks] of Object.entries(spec.agent.knowledgeSources ?? {})) {
    check(ks.dataSource, ["agent", "knowledgeSources", k, "dataSource"]);
  }
  for (const [k, a] of Object.entries(spec.agent.actions ?? {})) {
    check(a.dataSource, ["agent", "actions", k, "dataSource"]);
  }
}

/** Which spec field governs a capability connector that is not a tool. */
function governingField(id: string): string | undefined {
  const c = COPILOT_CONNECTORS.find((x) => x.id === id);
  switch (c?.capability.kind) {
    case "unauthenticatedChat":
      return "agent.authentication.mode";
    case "channel":
      return `agent.channels (${c.capability.channel})`;
    case "knowledge":
      return `agent.knowledgeSources (kind ${c.capability.knowledge})`;
    default:
      return undefined;
  }
}

function checkCapabilityConnectors(spec: WorkloadSpec, issues: PathIssue[]): void {
  const check = (raw: string, path: (string | number)[]) => {
    const field = governingField(bareConnectorId(raw));
    if (field !== undefined) {
      issues.push({
        path,
        message: `${JSON.stringify(bareConnectorId(raw))} is a Copilot Studio capability connector governed by ${field}; declare it there`,
        found: JSON.stringify(raw),
      });
    }
  };
  (spec.agent.connectors ?? []).forEach((c, i) => {
    check(c, ["agent", "connectors", i]);
  });
  for (const [k, a] of Object.entries(spec.agent.actions ?? {}))
    check(a.connector, ["agent", "actions", k, "connector"]);
  for (const [k, d] of Object.entries(spec.dataSources ?? {})) check(d.connector, ["dataSources", k, "connector"]);
}

function checkAgentAuth(spec: WorkloadSpec, issues: PathIssue[]): void {
  const auth = spec.agent.authentication;
  if (auth?.mode === "none" && auth.requireSignIn === true) {
    issues.push({
      path: ["agent", "authentication", "requireSignIn"],
      message: 'an agent with authentication mode "none" cannot require sign-in; use mode "entra" or "manual"',
      found: "true",
    });
  }
}

function checkStagesPresent(spec: WorkloadSpec, issues: PathIssue[]): void {
  const omitted = spec.omittedStages ?? {};
  if (omitted.prod !== undefined) {
    issues.push({
      path: ["omittedStages", "prod"],
      message: "prod cannot be omitted: it is the stage the workload exists for",
      found: describeFound(omitted.prod),
    });
  }
  for (const stage of ["dev", "test"] as const) {
    const present = spec.stages[stage] !== undefined;
    if (present && omitted[stage] !== undefined) {
      issues.push({
        path: ["omittedStages", stage],
        message: `stage ${stage} is both defined in stages.${stage} and omitted; remove one of them`,
      });
    } else if (!present && omitted[stage] === undefined) {
      issues.push({
        path: ["stages"],
        message: `stage ${stage} is missing: add stages.${stage} (\`${stage}: {}\` takes the profile defaults) or state why in omittedStages.${stage}`,
        expected: `stages.${stage} or omittedStages.${stage}`,
      });
    }
  }
}

function checkStage(stage: StageName, block: StageSpec, issues: PathIssue[]): void {
  const base = ["stages", stage];
  const cp = block.connectorPolicy;
  // The zero GUID is the service's "none" (an environment outside every group, no billing policy), never an object's
  // id: a stage naming it would silently link to nothing. The gate also refuses the other placeholder GUIDs.
  const links: [string[], string | undefined, string][] = [
    [[...base, "environment", "environmentGroupId"], block.environment?.environmentGroupId, "environment group"],
    [[...base, "billingPolicyId"], block.billingPolicyId, "billing policy"],
  ];
  for (const [path, id, what] of links) {
    if (isZeroGuid(id)) {
      issues.push({
        path,
        message: `the zero GUID names no ${what}: give the id from the tenant baseline stack's outputs, or remove the key to link to none`,
      });
    }
  }
  if (block.environment?.environmentGroupId !== undefined && block.managedEnvironment !== undefined) {
    issues.push({
      path: [...base, "managedEnvironment"],
      message:
        "managedEnvironment does not apply to an environment in an environment group: the group's rules set its sharing, solution checker, usage insights and maker welcome; set them in the tenant baseline's environmentGroups.<name>.rules, or leave the group (environment.environmentGroupId)",
      atKey: true,
    });
  }
  if (cp) {
    connectorGroupIssues(cp, [...base, "connectorPolicy"], issues);
    // `shared_x` and `/providers/Microsoft.PowerApps/apis/shared_x` are one connector: resolve() keys both by the bare
    // id, so one entry would silently replace the other.
    for (const map of ["endpointRules", "actionRules"] as const) {
      const keyOf = new Map<string, string>();
      for (const key of Object.keys(cp[map] ?? {})) {
        const id = bareConnectorId(key);
        const other = keyOf.get(id);
        if (other !== undefined) {
          issues.push({
            path: [...base, "connectorPolicy", map, key],
            message: `${JSON.stringify(key)} and ${JSON.stringify(other)} are the same connector ${JSON.stringify(id)}, so one would replace the other; give its ${map === "endpointRules" ? "endpoint" : "action"} rules under one key`,
            found: JSON.stringify(key),
            atKey: true,
          });
        } else keyOf.set(id, key);
      }
    }
    for (const [id, rules] of Object.entries(cp.endpointRules ?? {})) {
      rules.forEach((r, i) => {
        if (r.endpoint === "*" && i !== rules.length - 1) {
          issues.push({
            path: [...base, "connectorPolicy", "endpointRules", id, i, "endpoint"],
            message: 'the "*" rule matches everything, so it must be the last rule; rules after it never apply',
            found: '"*"',
          });
        }
      });
    }
    const patterns = cp.customConnectorPatterns ?? [];
    const orders = new Map<number, number>();
    const maxOrder = Math.max(0, ...patterns.map((p) => p.order));
    patterns.forEach((p, i) => {
      const other = orders.get(p.order);
      if (other !== undefined) {
        issues.push({
          path: [...base, "connectorPolicy", "customConnectorPatterns", i, "order"],
          message: `order ${p.order} is also used by customConnectorPatterns[${other}]; orders must be unique`,
          found: String(p.order),
        });
      } else orders.set(p.order, i);
      if (p.pattern === "*" && p.order !== maxOrder) {
        issues.push({
          path: [...base, "connectorPolicy", "customConnectorPatterns", i, "pattern"],
          message: `the "*" pattern must have the highest order (it has ${p.order}, the highest is ${maxOrder}); the service rejects it otherwise`,
          found: '"*"',
        });
      }
    });
  }

  if (block.identities?.createGroups) {
    // The components name each created group after its display name, lower-cased with runs of other characters
    // as one hyphen; two names that give the same one would collide.
    const slug = (v: string) =>
      v
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, "-")
        .replace(/^-+|-+$/g, "") || "x";
    for (const role of ["admins", "makers"] as const) {
      const seen = new Map<string, string>();
      (block.groups?.[role] ?? []).forEach((name, i) => {
        const other = seen.get(slug(name));
        if (other !== undefined && other !== name) {
          issues.push({
            path: [...base, "groups", role, i],
            message: `${JSON.stringify(other)} and ${JSON.stringify(name)} would get the same resource name; rename one`,
            found: JSON.stringify(name),
          });
        } else seen.set(slug(name), name);
      });
    }
  }

  if (block.telemetry?.logSensitiveActivity === true && stage !== "dev") {
    issues.push({
      path: [...base, "telemetry", "logSensitiveActivity"],
      message: `sensitive activity logging copies prompts, answers and user identities into Log Analytics, outside Dataverse and DLP governance; it is only allowed in dev, not in ${stage}`,
      found: "true",
      expected: "false",
    });
  }

  const ws = block.telemetry?.workspace;
  if (ws?.existingResourceId !== undefined && ws.retentionDays !== undefined) {
    issues.push({
      path: [...base, "telemetry", "workspace", "retentionDays"],
      message: "retentionDays applies to a created workspace; an existing workspace keeps its own retention",
      found: String(ws.retentionDays),
    });
  }

  const fw = block.firewall;
  if (fw?.mode === "enforce" && (fw.allowedRanges ?? []).length === 0 && (fw.serviceTags ?? []).length === 0) {
    issues.push({
      path: [...base, "firewall", "mode"],
      message:
        'firewall "enforce" with no allowedRanges or serviceTags would block every caller (unlocking needs Microsoft support); give ranges or use "audit"',
      found: '"enforce"',
    });
  }

  const creds = block.identities?.deployment?.federatedCredentials ?? {};
  for (const [key, c] of Object.entries(creds)) {
    const path = [...base, "identities", "deployment", "federatedCredentials", key];
    const raw = c.issuer !== undefined || c.subject !== undefined || c.audience !== undefined;
    const forms = [c.github !== undefined, c.azureDevOps !== undefined, raw].filter(Boolean).length;
    if (forms !== 1) {
      issues.push({
        path,
        message:
          forms === 0
            ? "expected one of github, azureDevOps, or issuer + subject"
            : "give exactly one of github, azureDevOps, or issuer + subject",
      });
    } else if (raw && (c.issuer === undefined || c.subject === undefined)) {
      issues.push({
        path: [...path, c.issuer === undefined ? "issuer" : "subject"],
        message: "the raw form needs both issuer and subject",
        found: "nothing",
      });
    }
    if (c.github) {
      const picks = (["environment", "branch", "tag", "pullRequest"] as const).filter(
        (k) => c.github?.[k] !== undefined,
      );
      if (picks.length > 1) {
        issues.push({
          path: [...path, "github", picks[1]!],
          message: `give one of environment, branch, tag or pullRequest, not ${picks.join(" and ")}`,
        });
      }
    }
  }

  if (stage === "prod") {
    for (const [key, r] of Object.entries(block.identities?.runtime ?? {})) {
      (r.roles ?? []).forEach((role, i) => {
        if (role.trim().toLowerCase() === "system administrator") {
          issues.push({
            path: [...base, "identities", "runtime", key, "roles", i],
            message: "a runtime identity must not be System Administrator in prod; give it least-privilege roles",
            found: JSON.stringify(role),
          });
        }
      });
    }
  }
}

/**
 * A connector listed twice in one DLP policy's groups (the same group twice, or two groups). `shared_x` and its full
 * id are one connector. Shared with the tenant baseline's data policies.
 */
export function connectorGroupIssues(
  policy: Partial<Record<"business" | "nonBusiness" | "blocked", readonly string[]>>,
  base: readonly (string | number)[],
  issues: PathIssue[],
): void {
  const seen = new Map<string, string>();
  for (const group of ["business", "nonBusiness", "blocked"] as const) {
    (policy[group] ?? []).forEach((raw, i) => {
      const id = bareConnectorId(raw);
      const first = seen.get(id);
      if (first !== undefined) {
        issues.push({
          path: [...base, group, i],
          message:
            first === group
              ? `connector ${JSON.stringify(id)} is listed twice in ${group}`
              : `connector ${JSON.stringify(id)} is in both ${first} and ${group}; a connector belongs to one group`,
          found: JSON.stringify(raw),
        });
      } else seen.set(id, group);
    });
  }
}

function checkDomains(spec: WorkloadSpec, issues: PathIssue[]): void {
  const owner = new Map<string, StageName>();
  for (const stage of STAGES) {
    const block = spec.stages[stage];
    if (!block) continue;
    const explicit = block.environment?.dataverse?.domain;
    const domain = explicit ?? defaultDomain(spec.metadata.name, stage);
    const first = owner.get(domain);
    if (first !== undefined) {
      issues.push({
        path: explicit !== undefined ? ["stages", stage, "environment", "dataverse", "domain"] : ["stages", stage],
        message: `Dataverse domain ${JSON.stringify(domain)} is also used by stage ${first}; each stage needs its own domain`,
        found: JSON.stringify(domain),
      });
    } else owner.set(domain, stage);
  }
}
