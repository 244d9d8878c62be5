/**
 * The trimmed AWS service model the fakes are driven by: what `scripts/generate-fake-service-models.py`
 * extracts from the published (botocore) models into `models/*.generated.ts`.
 *
 * Shapes keep the botocore names and refer to each other by name, because the same shape (and the
 * same constraints) is reused by many operations.
 */

/** One AWS service's operations, input shapes and errors. */
export interface ServiceModel {
  /** The service id, e.g. `Chime SDK Meetings`. */
  readonly serviceId: string;
  /** The API version, e.g. `2021-07-15`. */
  readonly apiVersion: string;
  /** The served operations by name. */
  readonly operations: Readonly<Record<string, OperationModel>>;
  /** Every shape reachable from an operation's input, by name. */
  readonly shapes: Readonly<Record<string, ShapeModel>>;
  /** Every error an operation declares, by exception name. */
  readonly errors: Readonly<Record<string, ErrorModel>>;
}

/** How an operation is bound to HTTP. */
export interface OperationModel {
  /** The HTTP method. */
  readonly method: string;
  /** The URI path template, labels in braces, e.g. `/meetings/{MeetingId}/attendees`. */
  readonly path: string;
  /** Query parameters that are part of the URI template itself, e.g. `{ operation: 'batch-create' }`. */
  readonly query: Readonly<Record<string, string>>;
  /** The HTTP status code of a successful response. */
  readonly responseCode: number;
  /** The input shape's name. */
  readonly input?: string;
  /** The names of the errors the operation can answer. */
  readonly errors: readonly string[];
}

/** Any shape. */
export type ShapeModel = StructureShapeModel | ListShapeModel | MapShapeModel | ScalarShapeModel;

/** Constraints shared by strings (length), numbers (value), lists and maps (size). */
export interface ConstrainedShapeModel {
  /** The minimum length, value or size. */
  readonly min?: number;
  /** The maximum length, value or size. */
  readonly max?: number;
}

/** A structure: named members. */
export interface StructureShapeModel extends ConstrainedShapeModel {
  /** The shape type. */
  readonly type: 'structure';
  /** The members by name. */
  readonly members: Readonly<Record<string, MemberModel>>;
  /** Names of members that must be present. */
  readonly required?: readonly string[];
}

/** A list of one member shape. */
export interface ListShapeModel extends ConstrainedShapeModel {
  /** The shape type. */
  readonly type: 'list';
  /** The element shape's name. */
  readonly member: string;
}

/** A map from key shape to value shape. */
export interface MapShapeModel extends ConstrainedShapeModel {
  /** The shape type. */
  readonly type: 'map';
  /** The key shape's name. */
  readonly key: string;
  /** The value shape's name. */
  readonly value: string;
}

/** A string, number, boolean, timestamp or blob. */
export interface ScalarShapeModel extends ConstrainedShapeModel {
  /** The shape type. */
  readonly type: 'string' | 'integer' | 'long' | 'float' | 'double' | 'boolean' | 'timestamp' | 'blob';
  /** A regular expression the whole string must match. */
  readonly pattern?: string;
  /** The allowed string values. */
  readonly enum?: readonly string[];
}

/** A structure member and where it travels in the HTTP request. */
export interface MemberModel {
  /** The member's shape name. */
  readonly shape: string;
  /** Where the member is bound; absent means the JSON body. */
  readonly location?: 'uri' | 'querystring' | 'header' | 'headers';
  /** The URI label, query parameter or header name. */
  readonly locationName?: string;
  /** The SDK fills the member with a fresh token when the caller leaves it out. */
  readonly idempotencyToken?: boolean;
}

/** An error the service answers. */
export interface ErrorModel {
  /** The HTTP status code. */
  readonly httpStatusCode: number;
  /** Whose fault it is; server faults are retried by the SDK. */
  readonly fault: 'client' | 'server';
  /** The `Code` member of the error body. */
  readonly code: string;
  /** Error members bound to HTTP headers, member name to header name (e.g. `RetryAfterSeconds` to `Retry-After`). */
  readonly headerMembers?: Readonly<Record<string, string>>;
}
