// The AWS SDK clients of the meeting-join handler, bundled on their own into `aws-sdk/index.js` beside
// the handler's `index.js` (see projenrc/lambda-bundling.ts). Only what the call flow uses is named
// here (the call flow's own types say which), so the bundle keeps just these commands of each client.
import {
  ChimeSDKMeetingsClient,
  CreateAttendeeCommand,
  DeleteAttendeeCommand,
  ListAttendeesCommand,
  NotFoundException,
} from '@aws-sdk/client-chime-sdk-meetings';
import {
  BatchGetItemCommand, DeleteItemCommand, DynamoDBClient, GetItemCommand, PutItemCommand, UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import type { CallFlowDynamoDbSdk, CallFlowMeetingsSdk } from '../../dial-in/aws-sdk';

export const meetings: CallFlowMeetingsSdk = {
  ChimeSDKMeetingsClient,
  CreateAttendeeCommand,
  DeleteAttendeeCommand,
  ListAttendeesCommand,
  NotFoundException,
};

export const dynamodb: CallFlowDynamoDbSdk = {
  DynamoDBClient, GetItemCommand, BatchGetItemCommand, PutItemCommand, DeleteItemCommand, UpdateItemCommand,
};
