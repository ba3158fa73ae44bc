// Building blocks shared by the payload schemas.
import Type, { type TSchema } from 'typebox';

export { Uuid, TenantPath } from '../envelope.ts';
/** A calendar date, `2024-03-01`. */
export const DateOnly = Type.String({ format: 'date' });
/** Short human text (names, themes, titles). */
export const Text = (maxLength = 200) => Type.String({ minLength: 1, maxLength });
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/** The five levels of deputies (national deputies are elected by the region's congress). */
export const DeputyLevel = Type.Enum(['national', 'region', 'city', 'county', 'township']);
