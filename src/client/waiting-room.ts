import { callRecordTableName } from './backend-defaults';
import { CallRecordTable } from './calls';
import { requireMeetingId } from './validation';
import { dynamoDbSdk } from '../dial-in/aws-sdk';
import { DIRECTORY_ATTRIBUTES } from '../dial-in/meeting-directory';
import { readWaitingRoomItem, WaitingCaller, waitingRoomKey } from '../dial-in/waiting-room';

export type { WaitingCaller } from '../dial-in/waiting-room';

/** Options of {@link listWaitingCallers}. */
export interface ListWaitingCallersOptions extends CallRecordTable {
  /** The meeting whose waiting room to list. */
  readonly meetingId: string;
}

/**
 * The phone callers in a meeting's waiting room (`MeetingDialIn` `waitingRoom`), longest waiting
 * first: admit one with `updateCall({ attendee: { meetingId, attendeeId }, action: 'admit', ... })`.
 * A caller whose call ended without taking them off the list drops out of it within 3 minutes.
 * Needs `MeetingDialIn.grantReadCallRecords` (or `connectBackend`).
 */
export async function listWaitingCallers(options: ListWaitingCallersOptions): Promise<WaitingCaller[]> {
  const meetingId = requireMeetingId('meetingId', options.meetingId);
  const sdk = dynamoDbSdk();
  const { Item } = await options.dynamodb.send(new sdk.GetItemCommand({
    TableName: callRecordTableName(options.tableName),
    Key: { [DIRECTORY_ATTRIBUTES.pin]: { S: waitingRoomKey(meetingId) } },
    ConsistentRead: true,
  }));
  return readWaitingRoomItem(meetingId, Item as Parameters<typeof readWaitingRoomItem>[1], (options.now ?? Date.now)());
}
