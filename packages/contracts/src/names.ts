// Subject and stream naming (docs/architecture.md): events `onenet.<service>.<entity>.<event>.v<N>`,
// request-reply `onenet.rpc.<service>.<operation>`, one stream per producing service.

/** A subject token: lower-case words joined by hyphens (`mandate`, `membership-changed`). */
const token = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

export function assertToken(what: string, value: string): void {
  if (!token.test(value)) throw new Error(`${what} "${value}" must be lower-case words joined by hyphens (e.g. "membership-changed")`);
}

export function assertService(service: string): void {
  assertToken('service', service);
  // `onenet.rpc.>` carries request-reply; a service named rpc would capture it in its stream.
  if (service === 'rpc') throw new Error('service "rpc" is reserved for request-reply subjects');
}

export interface StreamSpec {
  /** `ONENET_<SERVICE>` */
  name: string;
  /** `['onenet.<service>.>']` */
  subjects: string[];
}

/** The JetStream stream that holds every event a service produces. */
export function streamFor(service: string): StreamSpec {
  assertService(service);
  return { name: `ONENET_${service.toUpperCase().replaceAll('-', '_')}`, subjects: [`onenet.${service}.>`] };
}

/** The stream an event subject belongs to (`onenet.registry.mandate.created.v1` → ONENET_REGISTRY). */
export function streamForSubject(subject: string): StreamSpec {
  const [root, service] = subject.split('.');
  if (root !== 'onenet' || !service) throw new Error(`"${subject}" is not a One Network event subject`);
  return streamFor(service);
}

export const eventSubject = (service: string, entity: string, event: string, version: number): string =>
  `onenet.${service}.${entity}.${event}.v${version}`;

export const requestSubject = (service: string, operation: string): string => `onenet.rpc.${service}.${operation}`;
