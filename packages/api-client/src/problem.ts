// Errors a call can end in, so that a screen can say what went wrong and what to do next:
// ApiProblem — the service answered with an error (RFC 9457 problem+json, or anything else);
// ApiNetworkError — no answer at all (offline, the edge is down, the request was cut).

/** One bad field, as the kit names it: a JSON pointer into the request (`/body/title`). */
export interface FieldProblem {
  field: string;
  message: string;
}

/** An RFC 9457 problem document as the services write it. */
export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  requestId?: string;
  errors?: FieldProblem[];
  [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export interface RequestInfo {
  method: string;
  url: string;
}

function isProblemDocument(value: unknown): value is ProblemDocument {
  const v = value as Partial<ProblemDocument> | null;
  return typeof v === 'object' && v !== null && typeof v.status === 'number' && typeof v.title === 'string';
}

/** The service refused or failed the request. */
export class ApiProblem extends Error {
  override name = 'ApiProblem';
  readonly status: number;
  readonly type: string;
  readonly title: string;
  readonly detail: string | undefined;
  readonly instance: string | undefined;
  /** Quote it when reporting a problem: it finds the request in the service's log. */
  readonly requestId: string | undefined;
  /** Every bad field of a 400, in the order the service named them. */
  readonly errors: FieldProblem[];
  /** Members beyond RFC 9457's, e.g. `currentState` of a workflow conflict. */
  readonly extensions: Record<string, unknown>;
  readonly request: RequestInfo;

  constructor(document: ProblemDocument, request: RequestInfo) {
    super(document.detail ?? document.title);
    const { type, title, status, detail, instance, requestId, errors, ...extensions } = document;
    this.status = status;
    this.type = type;
    this.title = title;
    this.detail = detail;
    this.instance = instance;
    this.requestId = requestId;
    this.errors = Array.isArray(errors) ? errors : [];
    this.extensions = extensions;
    this.request = request;
  }

  /** The message about one field, by pointer (`/body/title`) or by its last segment (`title`). */
  fieldError(field: string): string | undefined {
    const hit = this.errors.find((e) => e.field === field || e.field.split('/').pop() === field);
    return hit?.message;
  }

  /** Messages by the field's path inside the body, e.g. `{ title: '…', 'cosigners/0': '…' }`. */
  bodyFieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const e of this.errors) {
      if (!e.field.startsWith('/body/')) continue;
      const key = e.field.slice('/body/'.length);
      out[key] ??= e.message;
    }
    return out;
  }

  /** What kind of trouble this is, for choosing what to tell the user to do next. */
  get kind(): ProblemKind {
    return problemKind(this.status);
  }

  /** Reads a failed response: problem+json as sent, anything else summarised by its status. */
  static async fromResponse(response: Response, request: RequestInfo): Promise<ApiProblem> {
    const text = await response.text().catch(() => '');
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    if (isProblemDocument(body)) return new ApiProblem(body, request);
    return new ApiProblem(
      {
        type: 'about:blank',
        title: response.statusText || `HTTP ${response.status}`,
        status: response.status,
        detail: text && text.length <= 200 && !text.trimStart().startsWith('<') ? text : undefined,
        requestId: response.headers.get('x-request-id') ?? undefined,
      },
      request,
    );
  }
}

/** No answer reached the client: offline, the server is down, or the request was aborted. */
export class ApiNetworkError extends Error {
  override name = 'ApiNetworkError';
  readonly request: RequestInfo;
  readonly aborted: boolean;
  constructor(request: RequestInfo, cause: unknown) {
    const aborted = (cause as { name?: string } | null)?.name === 'AbortError';
    super(aborted ? `request aborted: ${request.method} ${request.url}` : `no answer from ${request.method} ${request.url}`, { cause });
    this.request = request;
    this.aborted = aborted;
  }
}

export type ProblemKind =
  /** 400/422: fix the named fields */
  | 'invalid'
  /** 401: sign in (again) */
  | 'unauthenticated'
  /** 403: the user's role or tenant does not allow it */
  | 'forbidden'
  /** 404: gone or never existed (or not visible to this tenant) */
  | 'not-found'
  /** 409: someone else changed it, or the workflow moved on: reload */
  | 'conflict'
  /** 413: too large */
  | 'too-large'
  /** 429: slow down */
  | 'rate-limited'
  /** 502/503/504: try again shortly */
  | 'unavailable'
  /** other 5xx: report it with the request id */
  | 'server'
  | 'other';

export function problemKind(status: number): ProblemKind {
  if (status === 400 || status === 422) return 'invalid';
  if (status === 401) return 'unauthenticated';
  if (status === 403) return 'forbidden';
  if (status === 404 || status === 410) return 'not-found';
  if (status === 409 || status === 412) return 'conflict';
  if (status === 413) return 'too-large';
  if (status === 429) return 'rate-limited';
  if (status === 502 || status === 503 || status === 504) return 'unavailable';
  if (status >= 500) return 'server';
  return 'other';
}
