// The endpoint both servers of the benchmark serve: a validated JSON POST answering 201 with a
// response schema, the everyday shape of a service route.
import { randomUUID } from 'node:crypto';
import Type from 'typebox';

export const NewItem = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: 200 }),
    priority: Type.Integer({ minimum: 1, maximum: 5 }),
    tags: Type.Array(Type.String({ minLength: 1, maxLength: 40 }), { maxItems: 5 }),
  },
  { additionalProperties: false },
);

export const Item = Type.Object({
  id: Type.String({ format: 'uuid' }),
  title: Type.String(),
  priority: Type.Integer(),
  tags: Type.Array(Type.String()),
  createdAt: Type.String({ format: 'date-time' }),
});

export const schema = { body: NewItem, response: { 201: Item } };

export const requestBody = JSON.stringify({ title: 'Repair the bridge in 贺街镇', priority: 2, tags: ['roads', 'safety'] });

export function createItem(body: { title: string; priority: number; tags: string[] }) {
  return { id: randomUUID(), title: body.title, priority: body.priority, tags: body.tags, createdAt: new Date().toISOString() };
}
