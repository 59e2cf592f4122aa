/**
 * Data residency: where a workload's data may live. Power Platform keeps an environment's Dataverse data in its
 * geography (`environment.location`); the stage's Azure resources (Log Analytics, Application Insights) keep
 * telemetry, which carries user content, in `environment.azureRegion`. A residency names the geographies and Azure
 * regions that are allowed.
 *
 * Geographies and their Azure regions follow the Power Platform locations list (BAPI
 * `GET /providers/Microsoft.BusinessAppPlatform/locations`, as recorded in the Terraform provider's fixture
 * `internal/services/locations/tests/datasource/Validate_Read/get_locations.json`); `italy` and `poland` (listed as
 * flex-routing geographies in `power-platform-api.md`) and the EU Azure regions `italynorth`, `polandcentral` and
 * `spaincentral` complete the EU.
 */

/** A residency zone and the places it allows. */
export interface ResidencyZone {
  /** What the zone means, for messages. */
  title: string;
  /** Power Platform geographies (`environment.location`) inside the zone. */
  geographies: readonly string[];
  /** Azure regions (`environment.azureRegion`) inside the zone. */
  azureRegions: readonly string[];
}

const one = (title: string, geography: string, azureRegions: string[]): ResidencyZone => ({
  title,
  geographies: [geography],
  azureRegions,
});

/**
 * The residencies a spec can declare (`metadata.dataResidency`): `eu` and `us` span several geographies; every other
 * value is one Power Platform geography.
 */
export const DATA_RESIDENCY_ZONES = {
  eu: {
    title: "the European Union",
    geographies: ["europe", "france", "germany", "sweden", "italy", "poland"],
    azureRegions: [
      "westeurope",
      "northeurope",
      "francecentral",
      "francesouth",
      "germanynorth",
      "germanywestcentral",
      "swedencentral",
      "italynorth",
      "polandcentral",
      "spaincentral",
    ],
  },
  us: {
    title: "the United States",
    geographies: ["unitedstates", "unitedstatesfirstrelease"],
    azureRegions: [
      "eastus",
      "eastus2",
      "westus",
      "westus2",
      "westus3",
      "centralus",
      "northcentralus",
      "southcentralus",
    ],
  },
  europe: one("the Power Platform geography europe", "europe", ["westeurope", "northeurope"]),
  france: one("France", "france", ["francecentral", "francesouth"]),
  germany: one("Germany", "germany", ["germanynorth", "germanywestcentral"]),
  sweden: one("Sweden", "sweden", ["swedencentral"]),
  switzerland: one("Switzerland", "switzerland", ["switzerlandnorth", "switzerlandwest"]),
  norway: one("Norway", "norway", ["norwayeast", "norwaywest"]),
  unitedkingdom: one("the United Kingdom", "unitedkingdom", ["uksouth", "ukwest"]),
  canada: one("Canada", "canada", ["canadacentral", "canadaeast"]),
  australia: one("Australia", "australia", ["australiaeast", "australiasoutheast"]),
  asia: one("the Power Platform geography asia", "asia", ["eastasia", "southeastasia"]),
  india: one("India", "india", ["centralindia", "southindia"]),
  japan: one("Japan", "japan", ["japaneast", "japanwest"]),
  korea: one("Korea", "korea", ["koreacentral", "koreasouth"]),
  southamerica: one("the Power Platform geography southamerica", "southamerica", ["brazilsouth"]),
  unitedarabemirates: one("the United Arab Emirates", "unitedarabemirates", ["uaenorth"]),
  southafrica: one("South Africa", "southafrica", ["southafricanorth"]),
} as const satisfies Record<string, ResidencyZone>;

/** The residency values a spec can declare. */
export const DATA_RESIDENCIES = Object.keys(DATA_RESIDENCY_ZONES) as [
  keyof typeof DATA_RESIDENCY_ZONES,
  ...(keyof typeof DATA_RESIDENCY_ZONES)[],
];
/** A declared data residency. */
export type DataResidency = keyof typeof DATA_RESIDENCY_ZONES;

/** Where a stage puts its data, judged against a residency: what lies outside it (empty when nothing does). */
export function outsideResidency(
  residency: DataResidency,
  place: { location: string; azureRegion: string },
): Array<{ field: "location" | "azureRegion"; value: string }> {
  const zone: ResidencyZone = DATA_RESIDENCY_ZONES[residency];
  const out: Array<{ field: "location" | "azureRegion"; value: string }> = [];
  if (!zone.geographies.includes(place.location)) out.push({ field: "location", value: place.location });
  if (!zone.azureRegions.includes(place.azureRegion)) out.push({ field: "azureRegion", value: place.azureRegion });
  return out;
}
