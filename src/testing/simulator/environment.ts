/**
 * Sets `env` in `process.env` and returns a function that restores every variable it touched
 * (deleting those that were unset before).
 */
export function applyEnvironment(env: Readonly<Record<string, string>> | undefined): () => void {
  const saved = Object.keys(env ?? {}).map((name) => [name, process.env[name]] as const);
  Object.assign(process.env, env);
  return () => {
    for (const [name, value] of saved) {
      if (value === undefined) {
        delete process.env[name];
      } else {
        process.env[name] = value;
      }
    }
  };
}

/** Runs `body` with `env` set in `process.env`, then restores every variable it touched. */
export function withEnvironment<T>(env: Readonly<Record<string, string>> | undefined, body: () => T): T {
  const restore = applyEnvironment(env);
  try {
    return body();
  } finally {
    restore();
  }
}

/** Runs `body` with `env` set in `process.env` until it settles, then restores every variable it touched. */
export async function withEnvironmentAsync<T>(env: Readonly<Record<string, string>> | undefined, body: () => Promise<T>): Promise<T> {
  const restore = applyEnvironment(env);
  try {
    return await body();
  } finally {
    restore();
  }
}
