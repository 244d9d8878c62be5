import { NotFoundException } from '@aws-sdk/client-chime-sdk-voice';

/** Runs a Voice API call whose target may already be gone: NotFoundException answers `undefined`. */
export async function unlessNotFound<T>(call: () => Promise<T>): Promise<T | undefined> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof NotFoundException) {
      return undefined;
    }
    throw error;
  }
}
