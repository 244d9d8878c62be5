// The AWS SDK clients of the meeting-join handler, bundled on their own into `aws-sdk/index.js` beside
// the handler's `index.js` (see projenrc/lambda-bundling.ts). Only what the call flow uses is named
// here, so the bundle keeps just these commands of each client.
import {
  ChimeSDKMeetingsClient,
  CreateAttendeeCommand,
  DeleteAttendeeCommand,
  ListAttendeesCommand,
  NotFoundException,
} from '@aws-sdk/client-chime-sdk-meetings';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';

export const meetings = { ChimeSDKMeetingsClient, CreateAttendeeCommand, DeleteAttendeeCommand, ListAttendeesCommand, NotFoundException };

export const dynamodb = { DynamoDBClient, GetItemCommand };
