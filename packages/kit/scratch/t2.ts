import Type from 'typebox';
import Value from 'typebox/value';
const S = Type.Object({ PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3000 }), DATABASE_URL: Type.String({ format: 'uri', description: 'PostgreSQL URL' }), DEBUG: Type.Boolean({ default: false }), LEVEL: Type.Union([Type.Literal('info'), Type.Literal('debug')], { default: 'info' }) , N: Type.Optional(Type.Number())});
for (const env of [{ PORT: 'abc' }, { PORT: '70000', DATABASE_URL: 'not a url', DEBUG: 'yes', LEVEL: 'x' }, { PORT: '8080', DATABASE_URL: 'postgres://a@b/c', DEBUG: 'true', N: '1.5' }]) {
  const v = Value.Convert(S, Value.Default(S, { ...env }));
  console.log(JSON.stringify(v), Value.Check(S, v), JSON.stringify([...Value.Errors(S, v)]));
}
