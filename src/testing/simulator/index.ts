/**
 * The SIP media application simulator: drives a handler through whole calls against the fake
 * Chime SDK services, enforcing the SMA programming model, and records a transcript of each call.
 * @packageDocumentation
 */
export { SmaSimulator } from './sma-simulator';
export type { InboundCallOptions, OutboundCallOptions, ScheduledInvocation, ScheduledInvocationOptions, SmaSimulatorOptions } from './sma-simulator';
export { SimulatedCall } from './simulated-call';
export { ActionFaults } from './action-faults';
export type { ActionFaultError, ActionFaultSpec, InjectedActionFault } from './action-faults';
export type { CallDriver } from './simulated-call';
export type { HeldRequestSource } from './held-request-watcher';
export type { CallEndReason, CallStatus } from './call-engine';
export type { JoinedMeeting } from './action-execution';
export type { LegKind, LegSnapshot } from './call-leg';
export { DEFAULT_SIMULATOR_SETTINGS, resolveSimulatorSettings } from './settings';
export type { DocVariantSettings, SimulatorSettings, SimulatorSettingsOverrides } from './settings';
export { VIOLATION_SECTIONS } from './violations';
export type { Violation, ViolationRule } from './violations';
export { CallTranscript } from './transcript';
export type {
  CallerAction, CallerEntry, InvokeEntry, ResponseEntry, StateChange, StateEntry, TranscriptEntry, TranscriptJson, ViolationEntry,
} from './transcript';
export { renderText } from './render-text';
export { renderMermaid } from './render-mermaid';
export { HandlerLoadError, loadHandler } from './handler-loader';
export { withEnvironment, withEnvironmentAsync } from './environment';
export type { LoadHandlerOptions, SimulatedLambdaContext, SmaHandlerFunction } from './handler-loader';
export { INVALID_RESPONSE_ERROR_TYPES } from './response-check';
export { loadScenarioFile, parseScenario, ScenarioError } from './scenario';
export type {
  ScenarioExpectations, ScenarioFault, ScenarioMeeting, ScenarioOutboundCall, ScenarioStep, SimulationScenario,
} from './scenario';
export { InMemoryPinDirectory, runScenario } from './scenario-runner';
export { LocalDirectoryTable } from './local-directory-table';
export type { LocalDirectoryItem } from './local-directory-table';
export type { PinDirectory, RunScenarioOptions, ScenarioMeetingRecord, ScenarioResult } from './scenario-runner';
