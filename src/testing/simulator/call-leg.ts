import type { ParticipantTag, SmaParticipant } from '../../sma';

/** What a leg connects the SMA to: the PSTN caller or callee, a Chime SDK meeting, or a CallAndBridge far end. */
export type LegKind = 'caller' | 'meeting' | 'bridge';

/** A call leg as the simulator keeps it. */
export interface CallLeg {
  /** The leg's CallId (seeded UUID). */
  readonly callId: string;
  /** LEG-A or LEG-B. */
  readonly tag: ParticipantTag;
  /** What the leg connects to. */
  readonly kind: LegKind;
  /** The `To` the events show. */
  readonly to: string;
  /** The `From` the events show. */
  readonly from: string;
  /** `Inbound` for a call to the SMA, `Outbound` for legs the SMA placed. */
  readonly direction: 'Inbound' | 'Outbound';
  /** Virtual epoch milliseconds when the leg started. */
  readonly startTimeMs: number;
  /** Absent until the leg is reported (the first NEW_INBOUND_CALL, a ringing outbound leg). */
  status?: 'Connected' | 'Disconnected';
}

/** A read-only view of a leg, for assertions. */
export interface LegSnapshot {
  /** The leg's CallId. */
  readonly callId: string;
  /** LEG-A or LEG-B. */
  readonly tag: ParticipantTag;
  /** What the leg connects to. */
  readonly kind: LegKind;
  /** The `To` the events show. */
  readonly to: string;
  /** The `From` the events show. */
  readonly from: string;
  /** The leg's direction. */
  readonly direction: 'Inbound' | 'Outbound';
  /** `Connected`, `Disconnected`, or absent while not yet answered. */
  readonly status?: 'Connected' | 'Disconnected';
}

/** Whether a leg may carry audio now. */
export function isConnected(leg: CallLeg | undefined): leg is CallLeg {
  return leg !== undefined && leg.status === 'Connected';
}

/** The leg as a participant of an event (a fresh object). */
export function toParticipant(leg: CallLeg, mixedCaseTag: boolean): SmaParticipant {
  const participant: Record<string, string> = {
    CallId: leg.callId,
    ParticipantTag: mixedCaseTag ? (leg.tag === 'LEG-A' ? 'Leg-A' : 'Leg-B') : leg.tag,
    To: leg.to,
    From: leg.from,
    Direction: leg.direction,
    StartTimeInMilliseconds: String(leg.startTimeMs),
  };
  if (leg.status !== undefined) {
    participant.Status = leg.status;
  }
  return participant as unknown as SmaParticipant;
}

/** A read-only copy of a leg. */
export function snapshotLeg(leg: CallLeg): LegSnapshot {
  return { callId: leg.callId, tag: leg.tag, kind: leg.kind, to: leg.to, from: leg.from, direction: leg.direction, status: leg.status };
}
