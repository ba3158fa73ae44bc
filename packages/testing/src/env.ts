/** Where the tests find the machine's PostgreSQL (as a superuser) and NATS. */
export const pgAdminUrl = (): string => process.env.PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const natsUrl = (): string => process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
