/** One page of a Voice API list operation. */
export interface Page<T> {
  readonly items?: readonly T[];
  readonly nextToken?: string;
}

/** The first item of a paginated list that matches, reading pages only until it is found. */
export async function findInPages<T>(
  fetchPage: (nextToken: string | undefined) => Promise<Page<T>>,
  matches: (item: T) => boolean,
): Promise<T | undefined> {
  let nextToken: string | undefined;
  do {
    const page = await fetchPage(nextToken);
    const match = page.items?.find(matches);
    if (match) {
      return match;
    }
    nextToken = page.nextToken;
  } while (nextToken);
  return undefined;
}
