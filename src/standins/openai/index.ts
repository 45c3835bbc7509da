export { startOpenAiServer, type OpenAiServer, type OpenAiRecordedRequest } from './server';
