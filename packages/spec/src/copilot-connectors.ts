/**
 * The Copilot Studio capability connectors and how an agent's declared use classifies them.
 *
 * Copilot Studio capabilities appear in DLP policies as (mostly virtual) connectors. A connector nobody classifies
 * lands in the policy's default group, so makers hit "it used to work" when Microsoft adds one. resolve() therefore
 * classifies every one of them explicitly: the ones the agent uses → Business, the rest → Blocked.
 * See https://learn.microsoft.com/microsoft-copilot-studio/admin-data-loss-prevention
 */
import { type AgentAuthMode, type AgentChannel, bareConnectorId, type KnowledgeKind } from "./model.ts";

export { bareConnectorId };

/** The virtual connector that, when blocked, forbids chat without Entra ID authentication. */
export const UNAUTHENTICATED_CHAT_CONNECTOR = "PvaAuth";

/** What an agent must declare for a capability connector to count as used. */
export type CopilotCapability =
  | { kind: "channel"; channel: AgentChannel }
  | { kind: "knowledge"; knowledge: KnowledgeKind }
  | { kind: "unauthenticatedChat" }
  | { kind: "tool" }
  | { kind: "always" };

/** A Copilot Studio capability connector. */
export interface CopilotConnector {
  /** Bare connector id as it appears in DLP policies. */
  id: string;
  /** Display name in the Power Platform admin centre (resolve ids by this name at runtime where they differ). */
  displayName: string;
  /** Whether the id was seen in public tenant exports; `false` ids are our assumption and must be confirmed. */
  observed: boolean;
  capability: CopilotCapability;
}

/** Every Copilot Studio capability connector this library classifies, in a fixed order. */
export const COPILOT_CONNECTORS: readonly CopilotConnector[] = [
  {
    id: "PvaAuth",
    displayName: "Chat without Microsoft Entra ID authentication in Copilot Studio",
    observed: true,
    capability: { kind: "unauthenticatedChat" },
  },
  {
    id: "PvaMicrosoftTeams",
    displayName: "Microsoft Teams + Microsoft 365 Channel in Copilot Studio",
    observed: true,
    capability: { kind: "channel", channel: "teams" },
  },
  {
    id: "PvaCustomDemoMobile",
    displayName: "Direct Line channels in Copilot Studio",
    observed: true,
    capability: { kind: "channel", channel: "directLine" },
  },
  {
    id: "PvaFacebook",
    displayName: "Facebook channel in Copilot Studio",
    observed: true,
    capability: { kind: "channel", channel: "facebook" },
  },
  {
    id: "PvaOmniChannel",
    displayName: "Omnichannel channel in Copilot Studio",
    observed: true,
    capability: { kind: "channel", channel: "omnichannel" },
  },
  {
    id: "PvaSharePoint",
    displayName: "SharePoint channel in Copilot Studio",
    observed: false,
    capability: { kind: "channel", channel: "sharepoint" },
  },
  {
    id: "PvaWhatsApp",
    displayName: "WhatsApp channel in Copilot Studio",
    observed: false,
    capability: { kind: "channel", channel: "whatsapp" },
  },
  {
    id: "CSKnowledgeSharePoint",
    displayName: "Knowledge source with SharePoint and OneDrive in Copilot Studio",
    observed: true,
    capability: { kind: "knowledge", knowledge: "sharepoint" },
  },
  {
    id: "CSKnowledgePublicSites",
    displayName: "Knowledge source with public websites and data in Copilot Studio",
    observed: true,
    capability: { kind: "knowledge", knowledge: "publicWebsite" },
  },
  {
    id: "CSKnowledgeDocs",
    displayName: "Knowledge source with documents in Copilot Studio",
    observed: true,
    capability: { kind: "knowledge", knowledge: "documents" },
  },
  { id: "Http", displayName: "HTTP", observed: true, capability: { kind: "tool" } },
  { id: "PvaSkills", displayName: "Skills with Copilot Studio", observed: true, capability: { kind: "tool" } },
  {
    id: "shared_microsoftcopilotstudio",
    displayName: "Microsoft Copilot Studio",
    observed: true,
    capability: { kind: "always" },
  },
];

/** The Dataverse connector, which governs Dataverse knowledge. */
export const DATAVERSE_CONNECTOR = "shared_commondataserviceforapps";

/** Knowledge connectors that support endpoint filtering, by knowledge kind. */
export const ENDPOINT_FILTERED_KNOWLEDGE: Partial<Record<KnowledgeKind, string>> = {
  sharepoint: "CSKnowledgeSharePoint",
  publicWebsite: "CSKnowledgePublicSites",
};

/** What the agent uses, as far as DLP classification is concerned. */
export interface AgentUse {
  authMode: AgentAuthMode;
  channels: readonly AgentChannel[];
  knowledgeKinds: readonly KnowledgeKind[];
  /** Bare connector ids the agent's tools use. */
  connectors: readonly string[];
}

/** Split the capability connectors into used (Business) and unused (Blocked), each sorted. */
export function classifyCopilotConnectors(use: AgentUse): { business: string[]; blocked: string[] } {
  const business: string[] = [];
  const blocked: string[] = [];
  for (const c of COPILOT_CONNECTORS) {
    const cap = c.capability;
    const used =
      cap.kind === "always" ||
      (cap.kind === "unauthenticatedChat" && use.authMode === "none") ||
      (cap.kind === "channel" && use.channels.includes(cap.channel)) ||
      (cap.kind === "knowledge" && use.knowledgeKinds.includes(cap.knowledge)) ||
      (cap.kind === "tool" && use.connectors.includes(c.id));
    (used ? business : blocked).push(c.id);
  }
  return { business: business.sort(), blocked: blocked.sort() };
}
