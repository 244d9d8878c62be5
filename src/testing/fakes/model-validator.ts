import { isJsonObject } from './json';
import type { JsonObject } from './json';
import type { ListShapeModel, MapShapeModel, ScalarShapeModel, ServiceModel, StructureShapeModel } from './service-model';

/** One broken constraint of a request. */
export interface ValidationIssue {
  /** Where the value sits, e.g. `ExternalUserId`, `MeetingFeatures.Attendee.MaxCount` or `Attendees[3].ExternalUserId`. */
  readonly path: string;
  /** The constraint, in the services' own wording, e.g. `Member must have length less than or equal to 64`. */
  readonly constraint: string;
  /** Whether the value was missing (the message then says `Value null at ...`). */
  readonly missing: boolean;
}

/**
 * Checks an operation's input against the service model: required members, types, string length,
 * numeric range, list and map size, pattern and enum. Values of unknown members are ignored, as
 * the services do.
 *
 * Patterns must match the whole value. (Smithy does not anchor patterns, but the services reject
 * e.g. a `ClientRequestToken` with a space although `[-_a-zA-Z0-9]*` matches its empty prefix.)
 *
 * @param model the service model
 * @param operation the operation name
 * @param input the parsed request, member names as in the model
 * @returns every broken constraint, empty when the input is valid
 */
export function validateInput(model: ServiceModel, operation: string, input: JsonObject): ValidationIssue[] {
  const operationModel = model.operations[operation];
  if (!operationModel) {
    throw new Error(`validateInput: ${model.serviceId} has no operation ${operation}`);
  }
  if (!operationModel.input) {
    return [];
  }
  const issues: ValidationIssue[] = [];
  new ShapeWalker(model, issues).check(operationModel.input, input, '');
  return issues;
}

/**
 * The message the services send for validation errors, naming every field, e.g.
 * `1 validation error detected: Value at 'ExternalUserId' failed to satisfy constraint: Member must have length greater than or equal to 2`.
 * Values are never echoed: many of them are personal data (phone numbers, user IDs).
 */
export function formatValidationIssues(issues: readonly ValidationIssue[]): string {
  const count = `${issues.length} validation error${issues.length === 1 ? '' : 's'} detected`;
  const details = issues.map((issue) =>
    `Value ${issue.missing ? 'null ' : ''}at '${issue.path}' failed to satisfy constraint: ${issue.constraint}`);
  return `${count}: ${details.join('; ')}`;
}

const patternCache = new Map<string, RegExp>();

/** The model's pattern, anchored to match the whole value. */
export function compileModelPattern(pattern: string): RegExp {
  let compiled = patternCache.get(pattern);
  if (!compiled) {
    compiled = new RegExp(`^(?:${pattern})$`);
    patternCache.set(pattern, compiled);
  }
  return compiled;
}

class ShapeWalker {
  constructor(private readonly model: ServiceModel, private readonly issues: ValidationIssue[]) {}

  public check(shapeName: string, value: unknown, path: string): void {
    const shape = this.model.shapes[shapeName];
    if (!shape) {
      throw new Error(`${this.model.serviceId} model has no shape ${shapeName}`);
    }
    switch (shape.type) {
      case 'structure':
        return this.checkStructure(shape, value, path);
      case 'list':
        return this.checkList(shape, value, path);
      case 'map':
        return this.checkMap(shape, value, path);
      default:
        return this.checkScalar(shape, value, path);
    }
  }

  private checkStructure(shape: StructureShapeModel, value: unknown, path: string): void {
    if (!isJsonObject(value)) {
      return this.fail(path, 'Member must be an object');
    }
    for (const name of shape.required ?? []) {
      if (value[name] === undefined || value[name] === null) {
        this.issues.push({ path: join(path, name), constraint: 'Member must not be null', missing: true });
      }
    }
    for (const [name, member] of Object.entries(shape.members)) {
      const memberValue = value[name];
      if (memberValue !== undefined && memberValue !== null) {
        this.check(member.shape, memberValue, join(path, name));
      }
    }
  }

  private checkList(shape: ListShapeModel, value: unknown, path: string): void {
    if (!Array.isArray(value)) {
      return this.fail(path, 'Member must be a list');
    }
    this.checkSize(shape, value.length, path);
    value.forEach((item, index) => this.check(shape.member, item, `${path}[${index}]`));
  }

  private checkMap(shape: MapShapeModel, value: unknown, path: string): void {
    if (!isJsonObject(value)) {
      return this.fail(path, 'Member must be a map');
    }
    const entries = Object.entries(value);
    this.checkSize(shape, entries.length, path);
    for (const [key, entryValue] of entries) {
      this.check(shape.key, key, `${path} key`);
      this.check(shape.value, entryValue, `${path}[${JSON.stringify(key)}]`);
    }
  }

  private checkScalar(shape: ScalarShapeModel, value: unknown, path: string): void {
    switch (shape.type) {
      case 'string':
        return this.checkString(shape, value, path);
      case 'integer':
      case 'long':
        if (typeof value !== 'number' || !Number.isInteger(value)) {
          return this.fail(path, `Member must be of type ${shape.type}`);
        }
        return this.checkRange(shape, value, path);
      case 'float':
      case 'double':
        if (typeof value !== 'number') {
          return this.fail(path, `Member must be of type ${shape.type}`);
        }
        return this.checkRange(shape, value, path);
      case 'boolean':
        return typeof value === 'boolean' ? undefined : this.fail(path, 'Member must be of type boolean');
      case 'timestamp':
        return typeof value === 'string' || typeof value === 'number' ? undefined : this.fail(path, 'Member must be a timestamp');
      case 'blob':
        return typeof value === 'string' ? undefined : this.fail(path, 'Member must be base64-encoded binary data');
    }
  }

  private checkString(shape: ScalarShapeModel, value: unknown, path: string): void {
    if (typeof value !== 'string') {
      return this.fail(path, 'Member must be of type string');
    }
    const length = [...value].length;
    if (shape.min !== undefined && length < shape.min) {
      this.fail(path, `Member must have length greater than or equal to ${shape.min}`);
    }
    if (shape.max !== undefined && length > shape.max) {
      this.fail(path, `Member must have length less than or equal to ${shape.max}`);
    }
    if (shape.pattern !== undefined && !compileModelPattern(shape.pattern).test(value)) {
      this.fail(path, `Member must satisfy regular expression pattern: ${shape.pattern}`);
    }
    if (shape.enum !== undefined && !shape.enum.includes(value)) {
      this.fail(path, `Member must satisfy enum value set: [${shape.enum.join(', ')}]`);
    }
  }

  private checkRange(shape: ScalarShapeModel, value: number, path: string): void {
    if (shape.min !== undefined && value < shape.min) {
      this.fail(path, `Member must have value greater than or equal to ${shape.min}`);
    }
    if (shape.max !== undefined && value > shape.max) {
      this.fail(path, `Member must have value less than or equal to ${shape.max}`);
    }
  }

  private checkSize(shape: ListShapeModel | MapShapeModel, size: number, path: string): void {
    if (shape.min !== undefined && size < shape.min) {
      this.fail(path, `Member must have length greater than or equal to ${shape.min}`);
    }
    if (shape.max !== undefined && size > shape.max) {
      this.fail(path, `Member must have length less than or equal to ${shape.max}`);
    }
  }

  private fail(path: string, constraint: string): void {
    this.issues.push({ path, constraint, missing: false });
  }
}

function join(path: string, name: string): string {
  return path === '' ? name : `${path}.${name}`;
}
