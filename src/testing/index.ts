/**
 * The local SIP media application simulator and fake Chime SDK services (`cdk-chime-meeting-dialin/testing`).
 *
 * Not published yet: this entry point exists so that the subpath export resolves from the package.
 * @packageDocumentation
 */
export {};
