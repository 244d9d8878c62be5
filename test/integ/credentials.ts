import * as fs from 'fs';
import * as path from 'path';

/** Profile settings that give a profile credentials of its own, or a way to get them. */
const CREDENTIAL_SETTINGS = [
  'aws_access_key_id', 'role_arn', 'credential_source', 'credential_process', 'sso_session', 'sso_start_url', 'web_identity_token_file',
];

/**
 * Where the AWS SDK would take credentials from, read from the environment and the shared
 * config and credentials files only (nothing on the network, so never the EC2 metadata endpoint;
 * an instance role is reached through a profile with `credential_source = Ec2InstanceMetadata`).
 * Undefined when there is none. The order is the SDK's
 * (https://docs.aws.amazon.com/sdkref/latest/guide/standardized-credentials.html).
 */
export function findCredentialSource(env: NodeJS.ProcessEnv, home: string): string | undefined {
  if (env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) {
    return 'the environment (AWS_ACCESS_KEY_ID)';
  }
  if (env.AWS_WEB_IDENTITY_TOKEN_FILE && env.AWS_ROLE_ARN) {
    return 'a web identity token (AWS_WEB_IDENTITY_TOKEN_FILE)';
  }
  if (env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI || env.AWS_CONTAINER_CREDENTIALS_FULL_URI) {
    return 'the container credentials endpoint (AWS_CONTAINER_CREDENTIALS_*)';
  }
  const profile = env.AWS_PROFILE ?? 'default';
  const credentialsFile = env.AWS_SHARED_CREDENTIALS_FILE ?? path.join(home, '.aws', 'credentials');
  if (hasCredentials(iniSection(credentialsFile, profile))) {
    return `profile "${profile}" of ${credentialsFile}`;
  }
  const configFile = env.AWS_CONFIG_FILE ?? path.join(home, '.aws', 'config');
  // The config file names every profile but the default one "profile NAME".
  if (hasCredentials(iniSection(configFile, profile === 'default' ? 'default' : `profile ${profile}`))) {
    return `profile "${profile}" of ${configFile}`;
  }
  return undefined;
}

function hasCredentials(settings: Map<string, string> | undefined): boolean {
  return settings !== undefined && CREDENTIAL_SETTINGS.some((name) => settings.get(name));
}

/** The settings of one `[section]` of an INI file, or undefined when the file or the section is missing. */
function iniSection(file: string, section: string): Map<string, string> | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf-8');
  } catch {
    return undefined;
  }
  let current: Map<string, string> | undefined;
  let found: Map<string, string> | undefined;
  for (const line of text.split(/\r?\n/)) {
    const header = /^\s*\[\s*([^\]]+?)\s*\]\s*$/.exec(line);
    if (header) {
      current = header[1] === section ? (found ??= new Map()) : undefined;
      continue;
    }
    const setting = /^\s*([A-Za-z0-9_]+)\s*=\s*(.*?)\s*$/.exec(line);
    if (setting && current) {
      current.set(setting[1].toLowerCase(), setting[2]);
    }
  }
  return found;
}
