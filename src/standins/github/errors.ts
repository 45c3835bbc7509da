/** A response that a route handler returns; the server serializes `body` as JSON. */
export interface HandlerResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** One entry of the `errors` array in GitHub's 422 `Validation Failed` body. */
export interface ValidationErrorItem {
  resource: string;
  code: string;
  field?: string;
  message?: string;
}

/** Documentation pages that GitHub names in `documentation_url` for the endpoints served here. */
export const documentationUrls = {
  root: 'https://docs.github.com/rest',
  getRepository: 'https://docs.github.com/rest/repos/repos#get-a-repository',
  listPulls: 'https://docs.github.com/rest/pulls/pulls#list-pull-requests',
  createPull: 'https://docs.github.com/rest/pulls/pulls#create-a-pull-request',
  getPull: 'https://docs.github.com/rest/pulls/pulls#get-a-pull-request',
  updatePull: 'https://docs.github.com/rest/pulls/pulls#update-a-pull-request',
  mergePull: 'https://docs.github.com/rest/pulls/pulls#merge-a-pull-request',
  getBranch: 'https://docs.github.com/rest/branches/branches#get-a-branch',
  createComment: 'https://docs.github.com/rest/issues/comments#create-an-issue-comment',
} as const;

/** Builds GitHub's `{ message, documentation_url, status }` error body. */
export function errorResponse(
  status: number,
  message: string,
  documentationUrl: string,
): HandlerResponse {
  return {
    status,
    body: { message, documentation_url: documentationUrl, status: String(status) },
  };
}

/** Returns GitHub's 404 for a missing repository, pull request or route. */
export function notFound(documentationUrl: string = documentationUrls.root): HandlerResponse {
  return errorResponse(404, 'Not Found', documentationUrl);
}

/** Returns GitHub's 401 for a missing or rejected token. */
export function badCredentials(): HandlerResponse {
  return errorResponse(401, 'Bad credentials', documentationUrls.root);
}

/** Returns GitHub's 422 `Validation Failed` body with its `errors` array. */
export function validationFailed(
  errors: ValidationErrorItem[],
  documentationUrl: string,
): HandlerResponse {
  return {
    status: 422,
    body: {
      message: 'Validation Failed',
      errors,
      documentation_url: documentationUrl,
      status: '422',
    },
  };
}
