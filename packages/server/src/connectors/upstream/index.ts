export { callUpstream, upstreamError, type UpstreamRequest, type UpstreamResponse, type UpstreamTransport } from './upstream-call.ts';
export { ClientCredentialsTokens, microsoftTokenUrl, type ClientCredentials } from './client-credentials.ts';
