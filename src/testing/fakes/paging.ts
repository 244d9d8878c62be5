import { badRequest } from './service-error';

/** One page of a list and the token of the next page. */
export interface Page<T> {
  /** The items on this page. */
  readonly items: T[];
  /** The token for the next page; absent on the last page. */
  readonly nextToken?: string;
}

/**
 * Cuts one page out of `items` for list and search operations.
 * @param items everything the operation would list, in a stable order
 * @param maxResults the page size
 * @param nextToken the token from the previous page, if any
 * @throws FakeServiceError BadRequestException for a token this fake did not issue
 */
export function paginate<T>(items: readonly T[], maxResults: number, nextToken: string | undefined): Page<T> {
  const start = nextToken === undefined ? 0 : decodePageToken(nextToken);
  const end = start + maxResults;
  return { items: items.slice(start, end), nextToken: end < items.length ? encodePageToken(end) : undefined };
}

function encodePageToken(offset: number): string {
  return Buffer.from(JSON.stringify({ offset })).toString('base64');
}

function decodePageToken(token: string): number {
  try {
    const { offset } = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as { offset?: unknown };
    if (typeof offset === 'number' && Number.isInteger(offset) && offset >= 0) {
      return offset;
    }
  } catch {
    // Not JSON: reported below like any other foreign token.
  }
  throw badRequest('NextToken is not a token this service issued');
}
