// Placeholder until the meeting-join call flow lands: it proves the bundling pipeline end to end.
export async function handler(): Promise<unknown> {
  return { SchemaVersion: '1.0', Actions: [{ Type: 'Hangup', Parameters: { SipResponseCode: '0' } }] };
}
