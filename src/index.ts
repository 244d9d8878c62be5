export * from './sip-media-application';
export * from './phone-number';
export * from './sip-rule';
export * from './call-prompt';
export * from './meeting-dial-in';
export * from './waiting-room-options';
