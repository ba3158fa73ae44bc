// Every contract in one list, so uniqueness is checked and consumers can look definitions up.
import type { EventDefinition, RequestDefinition } from './define.ts';
import * as opinions from './events/opinions.ts';
import * as registry from './events/registry.ts';
import * as suggestions from './events/suggestions.ts';
import * as training from './events/training.ts';
import * as registryRequests from './requests/registry.ts';

const isEvent = (value: unknown): value is EventDefinition =>
  typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'event';
const isRequest = (value: unknown): value is RequestDefinition =>
  typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'request';

export const events: readonly EventDefinition[] = [registry, suggestions, training, opinions].flatMap((m) => Object.values(m).filter(isEvent));
export const requests: readonly RequestDefinition[] = [registryRequests].flatMap((m) => Object.values(m).filter(isRequest));

const bySubject = new Map(events.map((e) => [e.subject, e]));

export function findEvent(subject: string): EventDefinition | undefined {
  return bySubject.get(subject);
}

/** Lists contracts that share a subject (empty when the catalogue is sound). */
export function duplicateSubjects(): string[] {
  const counts = new Map<string, number>();
  for (const { subject } of [...events, ...requests]) counts.set(subject, (counts.get(subject) ?? 0) + 1);
  return [...counts].filter(([, n]) => n > 1).map(([subject]) => subject);
}
