/**
 * The meeting-join call flow (`cdk-chime-meeting-dialin/dial-in`): a SIP media application
 * handler that brings phone callers into Amazon Chime SDK meetings by PIN, dials out, and mutes
 * or removes phone attendees on request. It loads `@aws-sdk/client-chime-sdk-meetings` and
 * `@aws-sdk/client-dynamodb` on first use (the Lambda Node.js runtime provides both).
 * @packageDocumentation
 */
export * from './budget';
export * from './call-arguments';
export * from './call-records';
export * from './caller-identity';
export * from './meeting-directory';
export * from './meeting-join-handler';
export * from './meetings-gateway';
export * from './metrics';
export * from './pending-clean-ups';
export * from './pin-guess-counters';
export * from './prompts';
export * from './redaction';
export * from './waiting-room';
export * from './from-environment';
