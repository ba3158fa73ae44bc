// Training library (学习培训资料库): attendance counts toward a deputy's annual duties.
import Type from 'typebox';
import { defineEvent } from '../define.ts';
import { DateOnly, Uuid } from './common.ts';

export const AttendanceRecorded = defineEvent({
  service: 'training',
  entity: 'attendance',
  event: 'recorded',
  version: 1,
  schema: Type.Object(
    {
      trainingClassId: Uuid,
      personId: Uuid,
      date: DateOnly,
      status: Type.Enum(['attended', 'absent', 'excused']),
      hours: Type.Number({ minimum: 0, maximum: 24 }),
    },
    { additionalProperties: false },
  ),
});
