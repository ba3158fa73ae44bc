export { startNatsServer, type NatsServerHandle } from './nats-server.ts';
export { pgAdminUrl, natsUrl } from './env.ts';
export { startOtlpCollector, type OtlpCollector } from './otlp-collector.ts';
export { processCpuMs } from './processes.ts';
