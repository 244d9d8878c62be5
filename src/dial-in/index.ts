/**
 * The meeting-join call flow (`cdk-chime-meeting-dialin/dial-in`).
 *
 * Not published yet: this entry point exists so that the subpath export resolves from the package.
 * @packageDocumentation
 */
export {};
