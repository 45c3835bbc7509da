export { startGeminiServer, type GeminiServer, type GeminiRecordedRequest } from './server';
