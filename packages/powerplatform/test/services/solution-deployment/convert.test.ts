/**
 * The pure side of solution ALM, as tables: versions, what a package declares, the deployment-settings file and the
 * ComponentParameters it becomes, and the recorded service bodies (Terraform provider fixtures) read as they are.
 */
import { buildZip } from "@govai/emulator";
import { describe, expect, it } from "vitest";
import {
  compareSolutionVersions,
  DeploymentSettingsError,
  fromWireCheckerRule,
  fromWireImportResult,
  fromWireSolution,
  inspectSolutionPackage,
  normaliseSolutionVersion,
  parseDeploymentSettings,
  SolutionPackageError,
  toComponentParameters,
} from "../../../src/services/solution-deployment/convert.ts";

describe("versions", () => {
  it.each([
    ["1", "1.0.0.0"],
    ["1.2", "1.2.0.0"],
    ["1.2.3", "1.2.3.0"],
    ["1.2.3.4", "1.2.3.4"],
    [" 01.002.0.10 ", "1.2.0.10"],
    ["2147483647.0.0.0", "2147483647.0.0.0"],
    ["", undefined],
    ["1.2.3.4.5", undefined],
    ["1..2", undefined],
    ["1.2.x", undefined],
    ["-1.0", undefined],
    ["2147483648.0", undefined],
  ])("%j normalises to %j", (raw, want) => {
    expect(normaliseSolutionVersion(raw)).toEqual(want);
  });

  it.each([
    ["1.0.0.0", "1.0.0.0", 0],
    ["1.0", "1.0.0.0", 0],
    ["1.0.0.1", "1.0.0.0", 1],
    ["1.10.0.0", "1.9.0.0", 1],
    ["1.9.0.0", "1.10.0.0", -1],
    ["2.0", "1.99.99.99", 1],
  ])("%s compared with %s is %i (numeric, not text)", (a, b, want) => {
    expect(compareSolutionVersions(a, b)).toEqual(want);
  });
});

describe("solution packages", () => {
  const manifest = (inner: string) =>
    `<ImportExportXml><SolutionManifest>${inner}</SolutionManifest></ImportExportXml>`;

  it("reads solution.xml and the connection references of customizations.xml (stored or deflated)", () => {
    for (const deflate of [false, true]) {
      const zip = buildZip(
        {
          "solution.xml": manifest(
            '<UniqueName>Claims_Agent</UniqueName><LocalizedNames><LocalizedName description="Claims &amp; policy agent" languagecode="1033" /></LocalizedNames><Version>3.1</Version><Managed>1</Managed>',
          ),
          "customizations.xml":
            '<ImportExportXml><connectionreferences><connectionreference connectionreferencelogicalname="cr_sp"><connectorid>/providers/Microsoft.PowerApps/apis/shared_sharepointonline</connectorid></connectionreference><connectionreference connectionreferencelogicalname="cr_dv"><connectorid>/providers/Microsoft.PowerApps/apis/shared_commondataserviceforapps</connectorid></connectionreference></connectionreferences></ImportExportXml>',
        },
        { deflate },
      );
      expect(inspectSolutionPackage(new Uint8Array(zip))).toEqual({
        uniqueName: "Claims_Agent",
        displayName: "Claims & policy agent",
        version: "3.1.0.0",
        managed: true,
        connectionReferences: {
          cr_sp: { connectorId: "/providers/Microsoft.PowerApps/apis/shared_sharepointonline" },
          cr_dv: { connectorId: "/providers/Microsoft.PowerApps/apis/shared_commondataserviceforapps" },
        },
      });
    }
  });

  it.each([
    ["bytes that are not a zip", Buffer.from("PK nothing"), "agent.zip is not a zip archive (10 bytes)"],
    [
      "a zip without solution.xml",
      buildZip({ "other.xml": "<x/>" }),
      "agent.zip has no readable solution.xml: it is not a solution package",
    ],
    [
      "no UniqueName",
      buildZip({ "solution.xml": manifest("<Version>1.0</Version>") }),
      "agent.zip: solution.xml has no <UniqueName>",
    ],
    [
      "no Version",
      buildZip({ "solution.xml": manifest("<UniqueName>A</UniqueName>") }),
      "agent.zip: solution.xml has no <Version>",
    ],
    [
      "a version that is not one",
      buildZip({ "solution.xml": manifest("<UniqueName>A</UniqueName><Version>1.0-beta</Version>") }),
      'agent.zip: solution.xml <Version> "1.0-beta" is not a version (one to four whole numbers, e.g. 1.2.0.0)',
    ],
  ])("%s is a SolutionPackageError", (_what, bytes, message) => {
    const error = (() => {
      try {
        inspectSolutionPackage(new Uint8Array(bytes), "agent.zip");
      } catch (e) {
        return e as Error;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(SolutionPackageError);
    expect(error?.message.split("\nHint:")[0]).toEqual(message);
  });
});

describe("deployment settings (the pac solution create-settings format)", () => {
  it("reads the file pac writes, leaves its empty placeholders out, and orders the ComponentParameters by name", () => {
    // Shape of the settings in the Terraform provider's internal/services/solution/resource_solution_test.go
    // (TestAccSolutionResource_Validate_Create_With_Settings_File), plus an unfilled variable as pac writes it.
    const settings = parseDeploymentSettings(
      JSON.stringify({
        EnvironmentVariables: [
          { SchemaName: "cra6e_SolutionVariableText", Value: "cd930b48-4bcc-e444-92e9-547b85c2fd4" },
          { SchemaName: "cra6e_Unfilled", Value: "" },
          { SchemaName: "cra6e_SolutionVariableDataSource", Value: "/sites/Shared%20Documents" },
        ],
        ConnectionReferences: [
          {
            LogicalName: "cra6e_ConnectionReferenceSharePoint",
            ConnectionId: "",
            ConnectorId: "/providers/Microsoft.PowerApps/apis/shared_sharepointonline",
          },
          {
            LogicalName: "cra6e_Dataverse",
            ConnectionId: "c-42",
            ConnectorId: "/providers/Microsoft.PowerApps/apis/shared_commondataserviceforapps",
          },
        ],
      }),
    );
    expect(settings).toEqual({
      environmentVariables: {
        cra6e_SolutionVariableText: "cd930b48-4bcc-e444-92e9-547b85c2fd4",
        cra6e_SolutionVariableDataSource: "/sites/Shared%20Documents",
      },
      connectionReferences: {
        cra6e_Dataverse: {
          connectionId: "c-42",
          connectorId: "/providers/Microsoft.PowerApps/apis/shared_commondataserviceforapps",
        },
      },
    });
    expect(toComponentParameters(settings)).toEqual([
      {
        "@odata.type": "Microsoft.Dynamics.CRM.connectionreference",
        connectionreferencelogicalname: "cra6e_Dataverse",
        connectionreferencedisplayname: "",
        description: "",
        connectorid: "/providers/Microsoft.PowerApps/apis/shared_commondataserviceforapps",
        connectionid: "c-42",
      },
      {
        "@odata.type": "Microsoft.Dynamics.CRM.environmentvariablevalue",
        schemaname: "cra6e_SolutionVariableDataSource",
        value: "/sites/Shared%20Documents",
      },
      {
        "@odata.type": "Microsoft.Dynamics.CRM.environmentvariablevalue",
        schemaname: "cra6e_SolutionVariableText",
        value: "cd930b48-4bcc-e444-92e9-547b85c2fd4",
      },
    ]);
    expect(parseDeploymentSettings("\uFEFF{}")).toEqual({ environmentVariables: {}, connectionReferences: {} });
  });

  it("reports every problem at once, with its JSON path", () => {
    const error = (() => {
      try {
        parseDeploymentSettings(
          {
            EnvironmentVariables: [
              { SchemaName: "a", Value: 1 },
              { SchemaName: "", Value: "x" },
              { SchemaName: "b", Value: "1" },
              { SchemaName: "b", Value: "2" },
              "text",
            ],
            ConnectionReferences: [
              { LogicalName: "r", ConnectionId: "c", ConnectorId: "shared_sharepointonline" },
              {
                LogicalName: "s",
                ConnectionId: "c",
                ConnectorId: "/providers/Microsoft.PowerApps/apis/shared_x",
                Extra: 1,
              },
            ],
            connectionReferences: [],
          },
          "settings/test.json",
        );
      } catch (e) {
        return e as DeploymentSettingsError;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(DeploymentSettingsError);
    expect(error?.problems).toEqual([
      "connectionReferences: unknown key; only EnvironmentVariables and ConnectionReferences are read",
      "EnvironmentVariables[0].Value: must be a string (JSON values are written as text)",
      "EnvironmentVariables[1].SchemaName: must be the variable's schema name, e.g. cr123_ApiBaseUrl",
      "EnvironmentVariables[3].SchemaName: b is listed twice",
      "EnvironmentVariables[4]: must be an object {SchemaName, Value}",
      'ConnectionReferences[0].ConnectorId: must be a connector id such as /providers/Microsoft.PowerApps/apis/shared_sharepointonline; got "shared_sharepointonline"',
      "ConnectionReferences[1].Extra: unknown key; use LogicalName, ConnectionId and ConnectorId",
    ]);
    expect(error?.message.split("\n")[0]).toEqual("settings/test.json is not a valid deployment-settings document:");
    expect(() => parseDeploymentSettings("{")).toThrow(
      /^the deployment settings is not a valid deployment-settings document:\n {2}- not JSON: /,
    );
  });
});

describe("recorded service bodies", () => {
  it("reads a solutions row (TF fixture solution/tests/resource/Validate_Create_With_Settings_File/get_solution.json)", () => {
    expect(
      fromWireSolution({
        installedon: "2023-10-17T11:03:41Z",
        solutionid: "86928ed8-df37-4ce2-add5-47030a833bff",
        modifiedon: "2023-10-17T11:05:17Z",
        uniquename: "TerraformTestSolution",
        ismanaged: false,
        version: "1.1.0.0",
        friendlyname: "Terraform Test Solution",
        createdon: "2023-10-17T11:03:41Z",
      }),
    ).toEqual({
      id: "86928ed8-df37-4ce2-add5-47030a833bff",
      uniqueName: "TerraformTestSolution",
      displayName: "Terraform Test Solution",
      version: "1.1.0.0",
      managed: false,
      createdOn: "2023-10-17T11:03:41Z",
      modifiedOn: "2023-10-17T11:05:17Z",
      installedOn: "2023-10-17T11:03:41Z",
    });
  });

  it("reads the import verdict (TF fixture …/Validate_Create_With_Settings_File/get_solution_import_result.json)", () => {
    expect(
      fromWireImportResult({
        SolutionOperationResult: { Type: "Import", Status: "Passed", WarningMessages: [], ErrorMessages: [] },
      }),
    ).toEqual({ status: "Passed", errors: [], warnings: [] });
    expect(
      fromWireImportResult({ SolutionOperationResult: { Status: "Failed", ErrorMessages: ["a", { b: 1 }] } }),
    ).toEqual({
      status: "Failed",
      errors: ["a", '{"b":1}'],
      warnings: [],
    });
  });

  it("reads the checker rule catalogue (TF fixture solution_checker_rules/tests/datasource/Validate_Read/get_rules.json)", () => {
    expect(
      fromWireCheckerRule({
        description: "Checks for duplicate Dataverse plug-in registrations",
        guidanceUrl:
          "https://learn.microsoft.com/powerapps/developer/data-platform/best-practices/business-logic/do-not-duplicate-plugin-step-registration",
        include: true,
        code: "meta-remove-dup-reg",
        summary: "Duplicate plug-in registration",
        componentType: 0,
        primaryCategory: 1,
        severity: 5,
        howToFix: "",
      }),
    ).toEqual({
      code: "meta-remove-dup-reg",
      summary: "Duplicate plug-in registration",
      description: "Checks for duplicate Dataverse plug-in registrations",
      howToFix: "",
      guidanceUrl:
        "https://learn.microsoft.com/powerapps/developer/data-platform/best-practices/business-logic/do-not-duplicate-plugin-step-registration",
      severity: 5,
      category: "Performance",
      include: true,
    });
  });
});
