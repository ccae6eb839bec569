// Service error bodies -> AzureError with the service's own code and message.
import { AzureError } from '../errors.js';

interface ErrorFields {
  code: string;
  message: string;
}

/** ARM wraps ({error:{code,message}}), Automation is flat ({code,message}); Graph wraps like ARM. */
export function parseErrorBody(body: string | undefined, status: number): ErrorFields {
  let parsed: unknown;
  try {
    parsed = body ? JSON.parse(body) : undefined;
  } catch {
    parsed = undefined;
  }
  const obj = parsed as Record<string, unknown> | undefined;
  const inner =
    obj && typeof obj.error === 'object' && obj.error !== null ? (obj.error as Record<string, unknown>) : obj;
  if (inner && typeof inner.code === 'string') {
    return { code: inner.code, message: typeof inner.message === 'string' ? inner.message : '' };
  }
  if (inner && typeof inner.Code === 'string') {
    return { code: inner.Code, message: typeof inner.Message === 'string' ? inner.Message : '' };
  }
  const text = (body ?? '').trim().slice(0, 2000);
  return { code: `HTTP${status}`, message: text || `The service answered HTTP ${status} without an error body.` };
}

export function toAzureError(
  service: string,
  status: number,
  body: string | undefined,
  requestId?: string,
  context?: string,
): AzureError {
  const { code, message } = parseErrorBody(body, status);
  return new AzureError({ service, status, code, message: context ? `${context}: ${message}` : message, requestId });
}

/** Graph's answer to a duplicate: the thing already exists, which is what we wanted. */
export function isAlreadyExists(err: unknown): boolean {
  if (!(err instanceof AzureError)) return false;
  if (err.status === 409) return true;
  if (err.code === 'Request_MultipleObjectsWithSameKeyValue') return true;
  return err.status === 400 && /already exists|conflicting object|same key value/i.test(err.serviceMessage);
}
