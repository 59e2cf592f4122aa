/** Response values handlers return, and the services' error body shapes (§2.3). */

/** What a route handler answers. The server serialises `body` as JSON unless it is a string. */
export interface RouteResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** A BAPI / PPAPI error: `{"error":{"code","message",…}}`. */
export function serviceError(
  status: number,
  code: string,
  message: string,
  extra: Record<string, unknown> = {},
): RouteResult {
  return { status, body: { error: { code, message, ...extra } } };
}

/** A BAPI error with the `detailUrlType` the service adds. */
export function bapiError(status: number, code: string, message: string): RouteResult {
  return serviceError(status, code, message, { detailUrlType: "NotSpecified" });
}

/** A Dataverse OData error: `{"error":{"code":"0x…","message"}}`, or message only when `code` is null. */
export function odataError(status: number, code: string | null, message: string): RouteResult {
  return { status, body: { error: code === null ? { message } : { code, message } } };
}

/** 200 with a JSON body. */
export function ok(body: unknown, headers?: Record<string, string>): RouteResult {
  return headers ? { status: 200, body, headers } : { status: 200, body };
}

/** A status with no body. */
export function empty(status: number, headers?: Record<string, string>): RouteResult {
  return headers ? { status, headers } : { status };
}
