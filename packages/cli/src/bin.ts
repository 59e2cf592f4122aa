#!/usr/bin/env node
import { processIo } from "./io.ts";
import { main } from "./main.ts";

// A reader that stops early (`govai schema | head`) is not an error.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw error;
});

process.exitCode = await main(process.argv.slice(2), processIo());
