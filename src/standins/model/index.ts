export { startModelServer, type ModelServer, type ModelServerOptions } from './server';
export type {
  ApiErrorStep,
  BashInput,
  EditInput,
  Scenario,
  ScenarioRun,
  ScenarioStep,
  TextStep,
  ToolStep,
  WriteInput,
} from './scenario';
export type { RecordedRequest, RequestKind } from './recorded-request';
export type { ConversationRecord } from './script-player';
export type { ToolResultRecord } from './request-view';
