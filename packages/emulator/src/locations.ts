/**
 * The geography catalogue the emulator validates against (§3.1): locations with their Azure regions, and the
 * languages and currencies it accepts. A subset of the public cloud, enough for realistic requests.
 */

/** One Power Platform location (geo). */
export interface EmulatedLocation {
  name: string;
  displayName: string;
  azureRegions: string[];
  /** Inside the EU Data Boundary (allows `crossBoundaryCopilotDataMovementEnabled`). */
  euDataBoundary: boolean;
}

/** Locations served by the emulator. */
export const LOCATIONS: readonly EmulatedLocation[] = [
  { name: "unitedstates", displayName: "United States", azureRegions: ["eastus", "westus"], euDataBoundary: false },
  { name: "europe", displayName: "Europe", azureRegions: ["westeurope", "northeurope"], euDataBoundary: true },
  { name: "unitedkingdom", displayName: "United Kingdom", azureRegions: ["uksouth", "ukwest"], euDataBoundary: false },
  { name: "france", displayName: "France", azureRegions: ["francecentral", "francesouth"], euDataBoundary: true },
  {
    name: "germany",
    displayName: "Germany",
    azureRegions: ["germanynorth", "germanywestcentral"],
    euDataBoundary: true,
  },
  {
    name: "switzerland",
    displayName: "Switzerland",
    azureRegions: ["switzerlandnorth", "switzerlandwest"],
    euDataBoundary: true,
  },
  { name: "norway", displayName: "Norway", azureRegions: ["norwayeast", "norwaywest"], euDataBoundary: true },
  { name: "sweden", displayName: "Sweden", azureRegions: ["swedencentral"], euDataBoundary: true },
  { name: "italy", displayName: "Italy", azureRegions: ["italynorth"], euDataBoundary: true },
  { name: "poland", displayName: "Poland", azureRegions: ["polandcentral"], euDataBoundary: true },
  { name: "asia", displayName: "Asia", azureRegions: ["eastasia", "southeastasia"], euDataBoundary: false },
  {
    name: "australia",
    displayName: "Australia",
    azureRegions: ["australiaeast", "australiasoutheast"],
    euDataBoundary: false,
  },
  { name: "japan", displayName: "Japan", azureRegions: ["japaneast", "japanwest"], euDataBoundary: false },
  { name: "india", displayName: "India", azureRegions: ["centralindia", "southindia"], euDataBoundary: false },
  { name: "canada", displayName: "Canada", azureRegions: ["canadacentral", "canadaeast"], euDataBoundary: false },
];

/** Language LCIDs accepted as `baseLanguage`. */
export const LANGUAGES: readonly number[] = [
  1033, 2057, 1031, 1036, 1040, 1043, 1044, 1045, 1053, 3082, 1041, 1046, 1030,
];

/** ISO currency codes accepted as `currency.code`. */
export const CURRENCIES: readonly string[] = [
  "USD",
  "EUR",
  "GBP",
  "CHF",
  "NOK",
  "SEK",
  "DKK",
  "PLN",
  "JPY",
  "AUD",
  "CAD",
  "INR",
  "BRL",
];

/** Finds a location by name (case-insensitive). */
export function findLocation(name: unknown): EmulatedLocation | undefined {
  return typeof name === "string" ? LOCATIONS.find((l) => l.name === name.toLowerCase()) : undefined;
}
