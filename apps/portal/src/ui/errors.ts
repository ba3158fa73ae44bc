import type { TFunction } from 'i18next';
import { ApiProblem } from '@onenet/api-client';
import { errorKind } from './states.tsx';

/** One line for a toast: what went wrong and what to do next. */
export function errorMessage(error: unknown, t: TFunction): string {
  const kind = errorKind(error);
  const detail = error instanceof ApiProblem && error.detail && kind !== 'server' ? `（${error.detail}）` : '';
  return `${t(`errors.${kind}.title`)}${detail}：${t(`errors.${kind}.next`)}`;
}
