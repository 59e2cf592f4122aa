/**
 * The provider plugin's entry for Pulumi's Node.js language host. A consumer's Pulumi.yaml that names this package's
 * folder (`plugins: providers: [{ name: govai, path: ./node_modules/@govai/powerplatform }]`) leads the engine to
 * PulumiPlugin.yaml (runtime nodejs); the language host then `require()`s the package's `main`, this file, with the
 * engine's arguments in process.argv. It starts the same server as the pulumi-resource-govai executable.
 *
 * CommonJS on purpose: the host loads it with `require()`, and provider/main.ts awaits at top level, which `require()`
 * of an ES module refuses. The exported promise settles once the server is listening.
 */
module.exports = import("./provider/main.ts");
