/**
 * The environment variables `MeetingDialIn.connectBackend` sets on the app's backend function, and
 * that the `cdk-chime-meeting-dialin/client` helpers read when an option is not given. Pure code:
 * no AWS SDK, no construct imports.
 */
export const BACKEND_ENVIRONMENT = {
  /** The meeting directory table's name (PINs and call records). */
  directoryTable: 'CDK_CHIME_DIALIN_DIRECTORY_TABLE',
  /** The table the handler writes call records to (today the meeting directory). */
  callRecordTable: 'CDK_CHIME_DIALIN_CALL_RECORD_TABLE',
  /** The SIP media application's id, for `dialOut` and `updateCall`. */
  sipMediaApplicationId: 'CDK_CHIME_DIALIN_SIP_MEDIA_APPLICATION_ID',
  /** The SIP media application's region: where the Voice client of the backend must point. */
  sipMediaApplicationRegion: 'CDK_CHIME_DIALIN_SIP_MEDIA_APPLICATION_REGION',
  /** The dial-in numbers in E.164, comma-separated; the first is `dialOut`'s default caller number. */
  phoneNumbers: 'CDK_CHIME_DIALIN_PHONE_NUMBERS',
  /** The digits of a PIN the handler accepts; `registerMeeting` registers PINs of this length. */
  pinLength: 'CDK_CHIME_DIALIN_PIN_LENGTH',
  /** The Chime SDK Meetings control regions the handler joins meetings in, comma-separated. */
  meetingRegions: 'CDK_CHIME_DIALIN_MEETING_REGIONS',
} as const;

/** The default PIN length of the handler and of `registerMeeting`. */
export const DEFAULT_PIN_LENGTH = 6;
