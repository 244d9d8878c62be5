export * from './sip-media-application';
export * from './phone-number';
export * from './sip-rule';
