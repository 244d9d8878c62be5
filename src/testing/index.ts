/**
 * The local SIP media application simulator and fake Chime SDK services
 * (`cdk-chime-meeting-dialin/testing`): run whole calls offline, with the real AWS SDK clients.
 * @packageDocumentation
 */
export * from './fakes';
export * from './simulator';
export * from './call-flow-clock';
export * from './lambda-timeout';
export * from './local-meeting-directory';
export * from './local-dynamodb-faults';
