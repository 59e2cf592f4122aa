/**
 * Entry point of the govai CrossGuard policy pack: `pulumi preview --policy-pack packages/gate/src/policy`.
 * Constructing `PolicyPack` starts the analyzer's gRPC server, so nothing but the Pulumi CLI may import this file
 * (tests import `./policies.ts`).
 */
import { PolicyPack } from "@pulumi/policy";
import { policies } from "./policies.ts";

new PolicyPack("govai", {
  description: "govai production-readiness rules: the gate's checks applied to resource inputs at preview.",
  policies,
});
