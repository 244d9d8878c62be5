/**
 * Helpers for the app backend: register a meeting PIN, dial out, update a call (`cdk-chime-meeting-dialin/client`).
 *
 * Not published yet: this entry point exists so that the subpath export resolves from the package.
 * @packageDocumentation
 */
export {};
